import Ethereum

/// Bytes from hex in a test; a malformed literal fails the test through the thrown error.
func bytes(_ hex: String) throws -> [UInt8] { try Hex.decode(String(hex.filter { $0 != " " })) }

func word(_ hex: String) throws -> Word { try Word(hex: hex) }

func address(_ text: String) throws -> Address { try Address(text) }

/// Concatenated 32-byte words given as short hex (left-padded), for readable ABI layouts.
func words(_ items: [String]) throws -> [UInt8] {
    try items.flatMap { item -> [UInt8] in
        let raw = try bytes(item)
        precondition(raw.count <= 32)
        return [UInt8](repeating: 0, count: 32 - raw.count) + raw
    }
}

/// One RLP item: a byte string or a list of items (Ethereum Yellow Paper, appendix B).
public indirect enum RLPItem: Hashable, Sendable {
    /// A byte string (integers are big-endian with no leading zero bytes; zero is empty).
    case bytes([UInt8])
    /// A list of items, in order.
    case list([RLPItem])

    /// The item for an unsigned integer: its minimal big-endian bytes (zero is the empty string).
    public static func uint(_ value: UInt256) -> RLPItem { .bytes(RLP.minimalBytes(value)) }

    /// The item for an unsigned 64-bit integer.
    public static func uint(_ value: UInt64) -> RLPItem { .uint(UInt256(value)) }

    /// The item for an address: its 20 bytes.
    public static func address(_ value: Address) -> RLPItem { .bytes(value.bytes) }

    /// The bytes of a string item, or a typed error naming `field` when it is a list.
    public func bytes(field: String) throws(RLPError) -> [UInt8] {
        guard case .bytes(let value) = self else { throw .expectedBytes(field: field) }
        return value
    }

    /// The items of a list, or a typed error naming `field` when it is a string.
    public func list(field: String) throws(RLPError) -> [RLPItem] {
        guard case .list(let items) = self else { throw .expectedList(field: field) }
        return items
    }

    /// A canonical unsigned integer of at most 256 bits (no leading zero byte).
    public func uint256(field: String) throws(RLPError) -> UInt256 {
        let raw = try bytes(field: field)
        guard raw.count <= 32 else { throw .integerTooLarge(field: field, maxBits: 256) }
        guard raw.first != 0 else { throw .leadingZeroInteger(field: field) }
        let padded = [UInt8](repeating: 0, count: 32 - raw.count) + raw
        return padded.withUnsafeBytes { UInt256(Word(loading: $0)) }
    }

    /// A canonical unsigned integer of at most 64 bits.
    public func uint64(field: String) throws(RLPError) -> UInt64 {
        let value = try uint256(field: field)
        guard let small = value.uint64 else { throw .integerTooLarge(field: field, maxBits: 64) }
        return small
    }

    /// A 20-byte address, or nil for the empty string (contract creation's `to`).
    public func optionalAddress(field: String) throws(RLPError) -> Address? {
        let raw = try bytes(field: field)
        if raw.isEmpty { return nil }
        guard raw.count == 20 else {
            throw .wrongLength(field: field, expectedBytes: 20, actualBytes: raw.count)
        }
        return Address(bytes: raw[...])
    }
}

extension ABI {
    /// `abi.encodePacked(...)` as Solidity does it: value types at their natural width, `bytes` and
    /// `string` raw, array elements padded to 32 bytes (no length); tuples and nested arrays refused.
    public static func encodePacked(_ values: [ABIValue], as types: [ABIType]) throws(ABIError)
        -> [UInt8]
    {
        guard values.count == types.count else {
            throw .valueOutOfRange(type: ABIType.tuple(types).description, path: "root")
        }
        var out = [UInt8]()
        for (i, (value, type)) in zip(values, types).enumerated() {
            try appendPacked(value, type, to: &out, path: "\(i)", inArray: false)
        }
        return out
    }

    private static func appendPacked(
        _ value: ABIValue, _ type: ABIType, to out: inout [UInt8], path: String, inArray: Bool
    ) throws(ABIError) {
        if inArray {
            // Inside an array every element takes a full, standard-encoded word.
            guard !type.isDynamic, case let size = type.headSize, size == 32 else {
                throw .invalidType("encodePacked: arrays of \(type) are not supported")
            }
            var word = [UInt8](repeating: 0, count: 32)
            _ = try encodedSize(of: value, as: type, path: path)
            word.withUnsafeMutableBytes { _ = write(value, type, into: $0, at: 0) }
            out += word
            return
        }
        switch (type, value) {
        case (.uint(let bits), .uint(let v)), (.int(let bits), .int(let v)):
            _ = try encodedSize(of: value, as: type, path: path)
            out += v.word.bytes.suffix(bits / 8)
        case (.address, .address(let a)):
            a.append(to: &out)
        case (.bool, .bool(let b)):
            out.append(b ? 1 : 0)
        case (.fixedBytes(let n), .fixedBytes(let b)):
            guard b.count == n else { throw .valueOutOfRange(type: type.description, path: path) }
            out += b
        case (.bytes, .bytes(let b)):
            out += b
        case (.string, .string(let s)):
            out += Array(s.utf8)
        case (.array(let element), .array(let items)):
            for (i, item) in items.enumerated() {
                try appendPacked(item, element, to: &out, path: "\(path).\(i)", inArray: true)
            }
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else {
                throw .valueOutOfRange(type: type.description, path: path)
            }
            for (i, item) in items.enumerated() {
                try appendPacked(item, element, to: &out, path: "\(path).\(i)", inArray: true)
            }
        case (.tuple, _):
            throw .invalidType("encodePacked: tuples are not supported")
        default:
            throw .typeMismatch(expected: type.description, path: path)
        }
    }
}

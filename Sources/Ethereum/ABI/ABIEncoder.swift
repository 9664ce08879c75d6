/// Solidity ABI encoding (`abi.encode`), function selectors and calldata.
public enum ABI {
    /// `abi.encode(v1, …, vn)`: the values as one tuple, heads then tails, minimal offsets.
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIError) -> [UInt8]
    {
        let size = try encodedSize(of: values, as: types, path: "")
        var out = [UInt8](repeating: 0, count: size)
        out.withUnsafeMutableBytes { _ = writeTuple(values, types, into: $0, at: 0) }
        return out
    }

    /// The 4-byte selector of a function signature such as `transfer(address,uint256)`.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(signature).bytes.prefix(4))
    }

    /// Calldata: selector followed by the encoded arguments.
    public static func encodeCall(_ signature: String, _ values: [ABIValue], as types: [ABIType])
        throws(ABIError) -> [UInt8]
    {
        try selector(signature) + encode(values, as: types)
    }

    // MARK: Pass 1 — check every value against its type and compute the size.

    static func encodedSize(of values: [ABIValue], as types: [ABIType], path: String)
        throws(ABIError) -> Int
    {
        guard values.count == types.count else {
            throw .valueOutOfRange(
                type: ABIType.tuple(types).description, path: path.isEmpty ? "root" : path)
        }
        var size = 0
        for (i, (value, type)) in zip(values, types).enumerated() {
            let child = try encodedSize(
                of: value, as: type, path: path.isEmpty ? "\(i)" : "\(path).\(i)")
            size += type.isDynamic ? 32 + child : child
        }
        return size
    }

    static func encodedSize(of value: ABIValue, as type: ABIType, path: String) throws(ABIError)
        -> Int
    {
        switch (type, value) {
        case (.uint(let bits), .uint(let v)):
            guard v.fits(bits: bits) else {
                throw .valueOutOfRange(type: type.description, path: path)
            }
            return 32
        case (.int(let bits), .int(let v)):
            guard fitsSigned(v, bits: bits) else {
                throw .valueOutOfRange(type: type.description, path: path)
            }
            return 32
        case (.address, .address), (.bool, .bool):
            return 32
        case (.fixedBytes(let n), .fixedBytes(let b)):
            guard b.count == n else { throw .valueOutOfRange(type: type.description, path: path) }
            return 32
        case (.bytes, .bytes(let b)):
            return 32 + padded(b.count)
        case (.string, .string(let s)):
            return 32 + padded(s.utf8.count)
        case (.array(let element), .array(let items)):
            return try 32
                + encodedSize(
                    of: items, as: Array(repeating: element, count: items.count), path: path)
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else {
                throw .valueOutOfRange(type: type.description, path: path)
            }
            return try encodedSize(
                of: items, as: Array(repeating: element, count: count), path: path)
        case (.tuple(let members), .tuple(let items)):
            return try encodedSize(of: items, as: members, path: path)
        default:
            throw .typeMismatch(expected: type.description, path: path)
        }
    }

    // MARK: Pass 2 — write into a buffer of exactly the checked size (zero-filled).

    /// Writes a checked tuple at `base`; returns the bytes written (heads and tails).
    @discardableResult
    static func writeTuple(
        _ values: [ABIValue], _ types: [ABIType], into out: UnsafeMutableRawBufferPointer,
        at base: Int
    ) -> Int {
        var head = base
        var tail = base + types.reduce(0) { $0 + $1.headSize }
        for (value, type) in zip(values, types) {
            if type.isDynamic {
                UInt256(UInt64(tail - base)).word.store(into: out, at: head)
                tail += write(value, type, into: out, at: tail)
                head += 32
            } else {
                head += write(value, type, into: out, at: head)
            }
        }
        return tail - base
    }

    /// Writes one checked value at `offset`; returns the bytes written.
    @discardableResult
    static func write(
        _ value: ABIValue, _ type: ABIType, into out: UnsafeMutableRawBufferPointer, at offset: Int
    ) -> Int {
        switch (type, value) {
        case (_, .uint(let v)), (_, .int(let v)):
            v.word.store(into: out, at: offset)
            return 32
        case (_, .address(let a)):
            a.word.store(into: out, at: offset)
            return 32
        case (_, .bool(let b)):
            out[offset + 31] = b ? 1 : 0
            return 32
        case (_, .fixedBytes(let b)):
            for (i, byte) in b.enumerated() { out[offset + i] = byte }
            return 32
        case (_, .bytes(let b)):
            return writeBytes(b, into: out, at: offset)
        case (_, .string(let s)):
            return writeBytes(Array(s.utf8), into: out, at: offset)
        case (.array(let element), .array(let items)):
            UInt256(UInt64(items.count)).word.store(into: out, at: offset)
            return 32
                + writeTuple(
                    items, Array(repeating: element, count: items.count), into: out, at: offset + 32
                )
        case (.fixedArray(let element, _), .array(let items)):
            return writeTuple(
                items, Array(repeating: element, count: items.count), into: out, at: offset)
        case (.tuple(let members), .tuple(let items)):
            return writeTuple(items, members, into: out, at: offset)
        default:
            preconditionFailure("value was type-checked before writing")
        }
    }

    private static func writeBytes(
        _ b: [UInt8], into out: UnsafeMutableRawBufferPointer, at offset: Int
    ) -> Int {
        UInt256(UInt64(b.count)).word.store(into: out, at: offset)
        for (i, byte) in b.enumerated() { out[offset + 32 + i] = byte }
        return 32 + padded(b.count)
    }

    static func padded(_ count: Int) -> Int { (count + 31) / 32 * 32 }

    /// Whether a two's-complement value is a sign extension of its low `bits` bits.
    static func fitsSigned(_ v: UInt256, bits: Int) -> Bool {
        if bits == 256 { return true }
        let negative = v.l0 >> 63 == 1
        // ~v for negatives
        let magnitude = negative ? UInt256.max.subtractingReportingOverflow(v).partialValue : v
        return magnitude.fits(bits: bits - 1)
    }
}

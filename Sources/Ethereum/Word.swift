/// A 32-byte value: a Keccak-256 hash, an ABI word, a `bytes32`.
///
/// Stored as four big-endian 64-bit limbs (`l0` most significant), so comparison is byte order
/// and conversion to ``UInt256`` is free.
public struct Word: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The four 64-bit limbs of the 32 bytes, big-endian, `l0` first.
    public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    /// The word with the given limbs, most significant first.
    public init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    /// 32 zero bytes.
    public static let zero = Word(l0: 0, l1: 0, l2: 0, l3: 0)

    /// Reads 32 bytes from `buffer` at `offset` (big-endian). The caller guarantees the bounds.
    @inlinable @inline(__always)
    public init(loading buffer: UnsafeRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && offset + 32 <= buffer.count, "Word read out of bounds")
        l0 = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        l1 = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        l2 = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
        l3 = UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }

    /// A word from exactly 32 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(Hex.Error) {
        guard bytes.count == 32 else {
            throw .wrongLength(expectedBytes: 32, actualBytes: bytes.count)
        }
        let array = Array(bytes)
        self = array.withUnsafeBytes { Word(loading: $0) }
    }

    /// A word from hex text of exactly 32 bytes (`0x` optional).
    public init(hex: some StringProtocol) throws(Hex.Error) {
        try self.init(Hex.decode(hex, count: 32))
    }

    /// Writes the 32 bytes big-endian into `buffer` at `offset`.
    @inlinable @inline(__always)
    public func store(into buffer: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && offset + 32 <= buffer.count, "Word write out of bounds")
        buffer.storeBytes(of: l0.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: l1.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
        buffer.storeBytes(of: l2.bigEndian, toByteOffset: offset + 16, as: UInt64.self)
        buffer.storeBytes(of: l3.bigEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    /// Appends the 32 bytes to `bytes`.
    public func append(to bytes: inout [UInt8]) {
        for limb in [l0, l1, l2, l3] {
            var v = limb.bigEndian
            withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
        }
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        append(to: &out)
        return out
    }

    /// Whether all 32 bytes are zero.
    public var isZero: Bool { l0 | l1 | l2 | l3 == 0 }

    /// Lexicographic order of the bytes (numeric order of the big-endian value).
    public static func < (a: Word, b: Word) -> Bool {
        (a.l0, a.l1, a.l2, a.l3) < (b.l0, b.l1, b.l2, b.l3)
    }

    /// `0x` and 64 lower-case hex digits.
    public var description: String { Hex.encode(bytes) }
}

/// A 20-byte Ethereum account address.
///
/// Ordered as a `uint160`, which is how the contracts compare operators and strategies.
/// Parsing is strict: a `0x` prefix, 40 hex digits, and a mixed-case string must carry a correct
/// EIP-55 checksum (an all-lower or all-upper string is accepted without one, as ethers does).
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Big-endian: `hi` holds bytes 0–3, `mid` bytes 4–11, `lo` bytes 12–19.
    public var hi: UInt32, mid: UInt64, lo: UInt64

    /// An address from its three big-endian parts (bytes 0–3, 4–11, 12–19).
    public init(hi: UInt32, mid: UInt64, lo: UInt64) {
        self.hi = hi
        self.mid = mid
        self.lo = lo
    }

    /// The zero address `0x0000…0000`.
    public static let zero = Address(hi: 0, mid: 0, lo: 0)

    /// Why an address was refused.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// The text does not start with `0x`.
        case missingPrefix
        /// The text does not have 40 hex digits after `0x`; `digits` is how many it has.
        case wrongLength(digits: Int)
        /// The digits are not valid hex.
        case invalidHex(Hex.Error)
        /// A mixed-case address fails its EIP-55 checksum; `expected` is the correct spelling.
        case badChecksum(expected: String)

        /// The failure in words.
        public var description: String {
            switch self {
            case .missingPrefix: "address: must start with 0x"
            case .wrongLength(let n): "address: expected 40 hex digits, got \(n)"
            case .invalidHex(let e): "address: \(e)"
            case .badChecksum(let expected):
                "address: EIP-55 checksum mismatch (expected \(expected))"
            }
        }
    }

    /// Parses `0x` + 40 hex digits, checking the EIP-55 checksum of a mixed-case string.
    public init(_ text: some StringProtocol) throws(ParseError) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") else {
            throw .missingPrefix
        }
        guard utf8.count == 42 else { throw .wrongLength(digits: utf8.count - 2) }
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text) } catch { throw .invalidHex(error) }
        self = Address(bytes: bytes[...])
        let digits = utf8[2...]
        let hasLower = digits.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f") }
        let hasUpper = digits.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
        if hasLower && hasUpper {
            let expected = checksummed
            guard expected.utf8.elementsEqual(utf8) else { throw .badChecksum(expected: expected) }
        }
    }

    /// The address held in exactly 20 bytes.
    public init(bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == 20, "an address is 20 bytes")
        self = bytes.withUnsafeBytes { Address(loading: $0) }
    }

    /// Reads 20 bytes from `buffer` at `offset`. The caller guarantees the bounds.
    @inlinable @inline(__always)
    public init(loading buffer: UnsafeRawBufferPointer, at offset: Int = 0) {
        precondition(offset >= 0 && offset + 20 <= buffer.count, "Address read out of bounds")
        self.init(
            hi: UInt32(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
            mid: UInt64(
                bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self)),
            lo: UInt64(
                bigEndian: buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt64.self)))
    }

    /// The low 20 bytes of `word` (as `address(uint160(uint256(word)))`).
    public init(lowBytesOf word: Word) {
        self.init(hi: UInt32(truncatingIfNeeded: word.l1), mid: word.l2, lo: word.l3)
    }

    /// The address as a left-padded 32-byte ABI word.
    public var word: Word { Word(l0: 0, l1: UInt64(hi), l2: mid, l3: lo) }

    /// The 20 bytes, big-endian.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        append(to: &out)
        return out
    }

    /// Appends the 20 bytes to `out`.
    public func append(to out: inout [UInt8]) {
        var h = hi.bigEndian
        var m = mid.bigEndian
        var l = lo.bigEndian
        withUnsafeBytes(of: &h) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: &m) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: &l) { out.append(contentsOf: $0) }
    }

    /// Whether this is the zero address.
    public var isZero: Bool { hi == 0 && mid == 0 && lo == 0 }

    /// The EIP-55 mixed-case form: a letter is upper-case where the matching nibble of
    /// keccak256(lower-case hex) is ≥ 8.
    public var checksummed: String {
        let lower = Array(Hex.encode(bytes, prefix: false).utf8)
        let hash = Keccak256.hash(lower).bytes
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        out.reserveCapacity(42)
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            out.append(c >= UInt8(ascii: "a") && nibble >= 8 ? c - 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case `0x` hex.
    public var lowercased: String { Hex.encode(bytes) }

    /// The EIP-55 checksummed `0x` form.
    public var description: String { checksummed }

    /// Orders addresses as `uint160` values.
    public static func < (a: Address, b: Address) -> Bool {
        (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo)
    }
}

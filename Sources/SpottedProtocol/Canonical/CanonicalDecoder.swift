import Ethereum

/// Reads what ``CanonicalEncoder`` wrote. Every read is bounds-checked; a count larger than the
/// bytes left is refused before anything is allocated. Never traps.
public struct CanonicalDecoder {
    let bytes: [UInt8]
    var index = 0

    /// Why snapshot bytes could not be decoded.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        /// What was wrong and at which byte.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// A decoder reading `bytes` from the start.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var atEnd: Bool { index == bytes.count }

    /// Checks that `n` more bytes are there and steps over them; returns where they start.
    mutating func advance(_ n: Int) throws(Error) -> Int {
        guard n >= 0, n <= bytes.count - index else {
            throw Error("truncated at byte \(index): need \(n) more")
        }
        defer { index += n }
        return index
    }

    // Fixed-width reads load straight from the buffer: no slice, no copy, no reference counting.
    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(Error) -> T {
        let at = try advance(MemoryLayout<T>.size)
        return bytes.withUnsafeBytes {
            T(bigEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self))
        }
    }

    /// Reads one byte.
    public mutating func u8() throws(Error) -> UInt8 { try integer(UInt8.self) }
    /// Reads a 4-byte big-endian integer.
    public mutating func u32() throws(Error) -> UInt32 { try integer(UInt32.self) }
    /// Reads an 8-byte big-endian integer.
    public mutating func u64() throws(Error) -> UInt64 { try integer(UInt64.self) }
    /// Reads a bool written as one byte, 0 or 1; any other byte is refused.
    public mutating func bool() throws(Error) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw Error("byte \(index - 1): \(b) is not a bool")
        }
    }
    /// Reads a 32-byte word.
    public mutating func word() throws(Error) -> Word {
        let at = try advance(32)
        return bytes.withUnsafeBytes { Word(loading: $0, at: at) }
    }
    /// Reads a uint256 written as a 32-byte big-endian word.
    public mutating func uint() throws(Error) -> UInt256 { UInt256(try word()) }
    /// Reads a 20-byte address.
    public mutating func address() throws(Error) -> Address {
        let at = try advance(20)
        return bytes.withUnsafeBytes { Address(loading: $0, at: at) }
    }

    /// A count of items each at least `minimumBytes` long: refused when the bytes left cannot hold them.
    public mutating func count(minimumBytes: Int = 1) throws(Error) -> Int {
        let n = try u64()
        guard n <= UInt64(bytes.count - index) / UInt64(max(minimumBytes, 1)) else {
            throw Error("byte \(index - 8): count \(n) exceeds the data")
        }
        return Int(n)
    }
    /// What ``CanonicalEncoder/signature(_:)`` wrote: 65 bytes as data.
    public mutating func signature() throws(Error) -> Signature {
        let n = try count()
        guard n == 65 else {
            throw Error("byte \(index - 8): a signature of \(n) bytes, expected 65")
        }
        return Signature(r: try word(), s: try word(), v: try u8())
    }

    /// Reads length-prefixed bytes (an 8-byte count, then the bytes).
    public mutating func data() throws(Error) -> [UInt8] {
        let n = try count()
        let at = try advance(n)
        return Array(bytes[at..<(at + n)])
    }
    /// An optional is written as a presence flag and a value that is zero when absent; a value
    /// after an absent flag is not canonical.
    public func optional<T>(_ present: Bool, _ value: T, isZero: (T) -> Bool) throws(Error) -> T? {
        if present { return value }
        guard isZero(value) else { throw Error("byte \(index): a value after an absent flag") }
        return nil
    }

    /// Reads length-prefixed bytes that must be valid UTF-8.
    public mutating func string() throws(Error) -> String {
        let raw = try data()
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw Error("byte \(index): invalid UTF-8")
        }
        return text
    }

    /// Reads a section tag and refuses any other than `name`.
    public mutating func tag(_ name: StaticString) throws(Error) {
        let expected = name.withUTF8Buffer { Array($0) }
        guard try data() == expected else { throw Error("byte \(index): expected section \(name)") }
    }

    /// Reads a count, then that many elements with `element`.
    public mutating func array<T>(_ element: (inout CanonicalDecoder) throws(Error) -> T)
        throws(Error) -> [T]
    {
        let n = try count()
        var out = [T]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try element(&self)) }
        return out
    }

    /// Keys must ascend strictly, as the encoder writes them: only the canonical bytes of a state
    /// decode, so what decodes re-encodes to the same bytes.
    public mutating func map<K: Hashable & Comparable, V>(
        _ entry: (inout CanonicalDecoder) throws(Error) -> (K, V)
    ) throws(Error) -> [K: V] {
        let n = try count()
        var out = [K: V](minimumCapacity: n)
        var previous: K?
        for _ in 0..<n {
            let at = index
            let (k, v) = try entry(&self)
            if let previous, !(previous < k) {
                throw Error("byte \(at): keys not in ascending order")
            }
            previous = k
            out[k] = v
        }
        return out
    }

    /// Reads a set written as an array in strictly ascending order; any other order is refused.
    public mutating func set<K: Hashable & Comparable>(
        _ element: (inout CanonicalDecoder) throws(Error) -> K
    ) throws(Error) -> Set<K> {
        let elements = try array(element)
        for i in elements.indices.dropFirst() where !(elements[i - 1] < elements[i]) {
            throw Error("set element \(i): not in ascending order")
        }
        return Set(elements)
    }

    /// Reads an ``EpochCheckpoints`` history: a count, then per entry its epoch, sequence and
    /// value.
    public mutating func checkpoints<V>(_ value: (inout CanonicalDecoder) throws(Error) -> V)
        throws(Error) -> EpochCheckpoints<V>
    {
        EpochCheckpoints(
            entries: try array { (d) throws(Error) in
                let epoch = try d.u32()
                let sequence = try d.u64()
                return EpochCheckpoints<V>.Entry(
                    epoch: epoch, value: try value(&d), sequence: sequence)
            })
    }
}

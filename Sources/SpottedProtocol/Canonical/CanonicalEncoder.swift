import Ethereum

/// A byte writer for the canonical state encoding: fixed-width big-endian integers,
/// length-prefixed sequences, and maps written in ascending key order — never in
/// `Dictionary` order, which Swift seeds per process.
public struct CanonicalEncoder {
    /// The bytes written (when hashing, only those not yet absorbed).
    public private(set) var bytes: [UInt8] = []
    /// When set, the bytes are absorbed as they are written, in chunks that stay in cache,
    /// instead of being kept: a root of a large state never builds its whole encoding.
    private var hasher: Keccak256?
    private static let chunkBytes = 1 << 16

    /// An encoder that keeps the bytes it writes.
    public init() {}

    /// An encoder that only hashes, continuing from `hasher`; read the result with ``finalizeHash()``.
    public static func hashing(from hasher: Keccak256 = Keccak256()) -> CanonicalEncoder {
        var e = CanonicalEncoder()
        e.hasher = hasher
        e.bytes.reserveCapacity(chunkBytes + 4_096)  // a chunk and the entry that crosses its end
        return e
    }

    /// Keccak-256 of everything written (the same as hashing ``bytes`` of a plain encoder).
    public consuming func finalizeHash() -> Word {
        var hasher = hasher ?? Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Absorbs a full chunk when hashing; called between entries.
    @inline(__always)
    private mutating func spill() {
        guard hasher != nil, bytes.count >= Self.chunkBytes else { return }
        hasher?.update(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes one byte.
    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    /// Writes a bool as one byte, 0 or 1.
    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    /// Writes a 4-byte big-endian integer.
    public mutating func u32(_ v: UInt32) { integer(v) }
    /// Writes an 8-byte big-endian integer.
    public mutating func u64(_ v: UInt64) { integer(v) }
    /// Writes a count (of items or bytes) as an 8-byte big-endian integer.
    public mutating func count(_ n: Int) { integer(UInt64(n)) }
    /// Writes a 32-byte word.
    public mutating func word(_ w: Word) { w.append(to: &bytes) }
    /// Writes a uint256 as a 32-byte big-endian word.
    public mutating func uint(_ v: UInt256) { v.word.append(to: &bytes) }
    /// Writes a 20-byte address.
    public mutating func address(_ a: Address) { a.append(to: &bytes) }
    /// Writes length-prefixed bytes (an 8-byte count, then the bytes).
    public mutating func data(_ d: [UInt8]) {
        count(d.count)
        bytes += d
    }
    /// A 65-byte signature, written as ``data(_:)`` writes its bytes.
    public mutating func signature(_ s: Signature) {
        count(65)
        word(s.r)
        word(s.s)
        u8(s.v)
    }
    /// Bytes already encoded, appended as they are (no length).
    mutating func raw(_ d: [UInt8]) { bytes += d }

    /// A section tag, so two different layouts can never encode to the same bytes.
    public mutating func tag(_ name: StaticString) {
        name.withUTF8Buffer {
            count($0.count)
            bytes += $0
        }
    }

    private mutating func integer<T: FixedWidthInteger>(_ v: T) {
        var big = v.bigEndian
        withUnsafeBytes(of: &big) { bytes += $0 }
    }

    /// Writes a dictionary sorted by key (its entries are reached by index, not looked up again).
    public mutating func map<K: Comparable, V>(
        _ dictionary: [K: V], _ entry: (inout CanonicalEncoder, K, V) -> Void
    ) {
        count(dictionary.count)
        writeEntries(
            of: dictionary,
            dictionary.indices.sorted(by: { dictionary[$0].key < dictionary[$1].key }), entry)
    }

    /// Writes the entries of a dictionary whose values `include` accepts, sorted by key.
    public mutating func map<K: Comparable, V>(
        _ dictionary: [K: V], where include: (V) -> Bool,
        _ entry: (inout CanonicalEncoder, K, V) -> Void
    ) {
        let chosen = dictionary.indices.filter { include(dictionary[$0].value) }
        count(chosen.count)
        writeEntries(
            of: dictionary, chosen.sorted(by: { dictionary[$0].key < dictionary[$1].key }), entry)
    }

    private mutating func writeEntries<K, V>(
        of dictionary: [K: V], _ indices: [Dictionary<K, V>.Index],
        _ entry: (inout CanonicalEncoder, K, V) -> Void
    ) {
        for index in indices {
            let (key, value) = dictionary[index]
            entry(&self, key, value)
            spill()
        }
    }

    /// Writes a set sorted.
    public mutating func set<K: Comparable>(
        _ set: Set<K>, _ entry: (inout CanonicalEncoder, K) -> Void
    ) {
        count(set.count)
        for key in set.sorted() {
            entry(&self, key)
            spill()
        }
    }

    /// Writes an ``EpochCheckpoints`` history: a count, then per entry its epoch, sequence and
    /// value.
    public mutating func checkpoints<V>(
        _ history: EpochCheckpoints<V>, _ value: (inout CanonicalEncoder, V) -> Void
    ) {
        count(history.entries.count)
        for entry in history.entries {
            u32(entry.epoch)
            u64(entry.sequence)
            value(&self, entry.value)
        }
    }
}

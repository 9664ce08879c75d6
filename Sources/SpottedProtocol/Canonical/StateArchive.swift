import Ethereum

/// The records of a state that never change once written — resolved challenges and rewards
/// submissions — kept as the running Keccak-256 over their place in the canonical encoding; the
/// records themselves leave the state for the ledger's store.
///
/// The canonical encoding starts with these records in log order (by the sequence that finalized
/// them), so the state root continues from this running hash: checking a root re-hashes only the
/// live part of the state, however long the history behind it. The state keeps only the hash;
/// each record it absorbs also waits in ``pending`` until the engine takes it
/// (``LedgerState/takeArchived()``) and stores it. The digest is a function of the records alone,
/// so equal histories have equal archives whether or not their records were taken.
public struct StateArchive: Hashable, Sendable {
    /// One archived record.
    public enum Record: Hashable, Sendable {
        /// A resolved challenge.
        case challenge(Challenge)
        /// A recorded rewards submission.
        case rewards(RewardsRecord)

        /// The sequence of the event that finalized it: archive order.
        public var sequence: UInt64 {
            switch self {
            case .challenge(let c): c.resolution?.sequence ?? c.submittedSequence
            case .rewards(let r): r.sequence
            }
        }

        /// The record's bytes exactly as the canonical encoding writes them:
        /// `kind ‖ u32 length ‖ body`.
        public var canonicalBytes: [UInt8] {
            var e = CanonicalEncoder()
            StateArchive.encode(self, into: &e)
            return e.bytes
        }

        /// The key the store finds the record by: ``key(challenge:)`` or ``key(rewardsEpoch:)``.
        public var key: [UInt8] {
            switch self {
            case .challenge(let c): Self.key(challenge: c.id)
            case .rewards(let r): Self.key(rewardsEpoch: r.epoch)
            }
        }

        /// The store key of challenge `id`: `0x01 ‖ id`.
        public static func key(challenge id: Word) -> [UInt8] {
            var key: [UInt8] = [Kind.challenge.rawValue]
            id.append(to: &key)
            return key
        }

        /// The store key of the rewards submission of `epoch`: `0x02 ‖ u32 epoch`.
        public static func key(rewardsEpoch epoch: UInt32) -> [UInt8] {
            [Kind.rewards.rawValue] + withUnsafeBytes(of: epoch.bigEndian) { Array($0) }
        }

        /// Reads a record from its ``canonicalBytes``; a challenge must be resolved.
        public init(canonical bytes: [UInt8]) throws(CanonicalDecoder.Error) {
            var d = CanonicalDecoder(bytes)
            let raw = try d.u8()
            guard let kind = Kind(rawValue: raw), kind != .end else {
                throw .init("byte 0: archive record kind \(raw)")
            }
            let length = Int(try d.u32())
            let start = d.index
            switch kind {
            case .challenge:
                let id = try d.word()
                let challenge = try Challenge(decoding: &d, id: id)
                guard challenge.resolution != nil else {
                    throw .init("byte 0: an unresolved challenge in the archive")
                }
                self = .challenge(challenge)
            case .rewards:
                self = .rewards(try RewardsRecord(decoding: &d))
            case .end:
                preconditionFailure("refused above")
            }
            guard d.index - start == length, d.atEnd else {
                throw .init("archive record of \(bytes.count) bytes, header says \(length) + 5")
            }
        }
    }

    /// Record kinds in the encoding; 0 ends the archive.
    enum Kind: UInt8 {
        case end = 0
        case challenge = 1
        case rewards = 2
    }

    private var sponge: Keccak256
    /// Records absorbed.
    public private(set) var records = 0
    /// Bytes the header and the archived records take at the start of the canonical encoding
    /// (where its end marker sits).
    public private(set) var byteCount = 0
    /// Records absorbed since the engine last took them, in log order. Not part of equality,
    /// hashing or any encoding: a transient hand-over from the reducers to the store.
    public internal(set) var pending: [Record] = []

    /// An empty archive: the encoding's leading tag, absorbed.
    public init() {
        var e = CanonicalEncoder()
        LedgerState.encodeHeader(into: &e)
        sponge = Keccak256()
        sponge.update(e.bytes)
        byteCount = e.bytes.count
    }

    /// Absorbs one record, written exactly as the canonical encoding writes it, and queues it in
    /// ``pending``.
    mutating func append(_ record: Record) {
        var e = CanonicalEncoder()
        Self.encode(record, into: &e)
        sponge.update(e.bytes)
        records += 1
        byteCount += e.bytes.count
        pending.append(record)
    }

    /// The sponge after the archive: the root absorbs the live state from here.
    var hasher: Keccak256 { sponge }

    /// `kind ‖ u32 length ‖ body`: the length lets a reader find the archive's end without decoding it.
    static func encode(_ record: Record, into e: inout CanonicalEncoder) {
        var body = CanonicalEncoder()
        switch record {
        case .challenge(let c):
            e.u8(Kind.challenge.rawValue)
            body.word(c.id)
            c.encode(into: &body)
        case .rewards(let r):
            e.u8(Kind.rewards.rawValue)
            r.encode(into: &body)
        }
        e.u32(UInt32(body.bytes.count))
        e.raw(body.bytes)
    }

    /// The archive in a snapshot: the sponge's state, the record count and the byte count.
    func encodeSnapshot(into e: inout CanonicalEncoder) {
        e.data(sponge.spongeState)
        e.u64(UInt64(records))
        e.u64(UInt64(byteCount))
    }

    /// Reads what ``encodeSnapshot(into:)`` wrote.
    init(decodingSnapshot d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        let at = d.index
        guard let sponge = Keccak256(spongeState: try d.data()) else {
            throw .init("byte \(at): not a Keccak-256 sponge state")
        }
        let records = try d.u64()
        let bytes = try d.u64()
        guard records <= UInt64(Int.max), bytes <= UInt64(Int.max) else {
            throw .init("byte \(at): archive counts out of range")
        }
        self.sponge = sponge
        self.records = Int(records)
        self.byteCount = Int(bytes)
    }

    /// Equal when they absorbed the same records (``pending`` aside).
    public static func == (a: Self, b: Self) -> Bool {
        a.records == b.records && a.byteCount == b.byteCount
            && a.sponge.finalize() == b.sponge.finalize()
    }

    /// Hashes the record count and digest.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(records)
        hasher.combine(sponge.finalize())
    }
}

import Ethereum

/// The records of a state that never change once written — resolved challenges and rewards
/// submissions — and the running Keccak-256 over their place in the canonical encoding.
///
/// The canonical encoding starts with these records in log order (by the sequence that finalized
/// them), so the state root continues from this running hash: checking a root re-hashes only the
/// live part of the state, however long the history behind it. The digest is a function of the
/// records alone, so equal states have equal archives.
public struct StateArchive: Hashable, Sendable {
    /// One archived record.
    public enum Record {
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
    }

    /// Record kinds in the encoding; 0 ends the archive.
    enum Kind: UInt8 {
        case end = 0
        case challenge = 1
        case rewards = 2
    }

    private var sponge: Keccak256
    /// Records absorbed, and the bytes the header and they take at the start of the canonical
    /// encoding (where its end marker sits).
    public private(set) var records = 0
    /// Bytes the header and the archived records take at the start of the canonical encoding.
    public private(set) var byteCount = 0

    /// An empty archive: the encoding's leading tag, absorbed.
    public init() {
        var e = CanonicalEncoder()
        LedgerState.encodeHeader(into: &e)
        sponge = Keccak256()
        sponge.update(e.bytes)
        byteCount = e.bytes.count
    }

    /// An archive rebuilt from a canonical encoding whose first `byteCount` bytes (header and
    /// `records` records) `sponge` has absorbed.
    init(sponge: Keccak256, records: Int, byteCount: Int) {
        self.sponge = sponge
        self.records = records
        self.byteCount = byteCount
    }

    /// Absorbs one record, written exactly as the canonical encoding writes it.
    mutating func append(_ record: Record) {
        var e = CanonicalEncoder()
        Self.encode(record, into: &e)
        sponge.update(e.bytes)
        records += 1
        byteCount += e.bytes.count
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

    /// The bytes the archive takes at the start of a canonical encoding (up to its end marker),
    /// found from the record headers alone.
    public static func length(ofCanonical bytes: [UInt8]) throws(CanonicalDecoder.Error) -> Int {
        var d = CanonicalDecoder(bytes)
        try LedgerState.decodeHeader(&d)
        while true {
            let at = d.index
            if try d.u8() == Kind.end.rawValue { return at }
            _ = try d.advance(Int(try d.u32()))
        }
    }

    /// What the archive at the start of a canonical encoding holds.
    struct Decoded {
        /// The archive with its running hash.
        var archive: StateArchive
        /// The resolved challenges, by id.
        var challenges: [Word: Challenge] = [:]
        /// The rewards submissions, by epoch.
        var rewards: [UInt32: RewardsRecord] = [:]
    }

    /// Reads the header and the archive of `bytes` up to its end marker, checking that records are
    /// framed, final and in log order. `archiveHash` may supply the prefix's sponge (see
    /// ``LedgerState/init(canonical:archiveHash:)``).
    static func decode(
        _ d: inout CanonicalDecoder, _ bytes: [UInt8],
        archiveHash: () -> (sponge: Keccak256, length: Int)?
    ) throws(CanonicalDecoder.Error) -> Decoded {
        try LedgerState.decodeHeader(&d)
        var out = Decoded(archive: StateArchive())
        var archived = 0
        var lastSequence: UInt64?
        while true {
            let at = d.index
            let raw = try d.u8()
            guard let kind = Kind(rawValue: raw) else {
                throw .init("byte \(at): archive record kind \(raw)")
            }
            if kind == .end {
                out.archive = archive(of: bytes, endingAt: at, records: archived, archiveHash)
                return out
            }
            let length = Int(try d.u32())
            let start = d.index
            let record = try decodeRecord(kind, &d, at: at, into: &out)
            guard d.index - start == length else {
                throw .init(
                    "byte \(at): archive record of \(d.index - start) bytes, header says \(length)")
            }
            guard lastSequence.map({ $0 < record.sequence }) ?? true else {
                throw .init("byte \(at): archive records out of log order")
            }
            lastSequence = record.sequence
            archived += 1
        }
    }

    /// One record's body, added to `out` (each challenge and epoch at most once).
    private static func decodeRecord(
        _ kind: Kind, _ d: inout CanonicalDecoder, at: Int,
        into out: inout Decoded
    ) throws(CanonicalDecoder.Error) -> Record {
        switch kind {
        case .challenge:
            let id = try d.word()
            let challenge = try Challenge(decoding: &d, id: id)
            guard challenge.resolution != nil else {
                throw .init("byte \(at): an unresolved challenge in the archive")
            }
            guard out.challenges.updateValue(challenge, forKey: id) == nil else {
                throw .init("byte \(at): challenge \(id) archived twice")
            }
            return .challenge(challenge)
        case .rewards:
            let r = try RewardsRecord(decoding: &d)
            guard out.rewards.updateValue(r, forKey: r.epoch) == nil else {
                throw .init("byte \(at): rewards for epoch \(r.epoch) archived twice")
            }
            return .rewards(r)
        case .end:
            preconditionFailure("the caller handles the end marker")
        }
    }

    /// The archive whose bytes end at `end`: the supplied sponge if it covers exactly them,
    /// else hashed here.
    private static func archive(
        of bytes: [UInt8], endingAt end: Int, records: Int,
        _ archiveHash: () -> (sponge: Keccak256, length: Int)?
    ) -> StateArchive {
        if let hashed = archiveHash(), hashed.length == end {
            return StateArchive(sponge: hashed.sponge, records: records, byteCount: end)
        }
        var sponge = Keccak256()
        bytes.withUnsafeBytes { sponge.update(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        return StateArchive(sponge: sponge, records: records, byteCount: end)
    }

    /// Equal when they absorbed the same records.
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

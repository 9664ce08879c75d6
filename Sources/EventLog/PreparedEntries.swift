import Ethereum

/// Consecutive envelopes with their encoded bytes, ready to publish and to append: either chained
/// by the log itself from a head (``EventLog/prepare(_:after:)``: one encoding and one Keccak pass
/// per entry) or checked on the way in (``init(checking:)``: links and hashes verified). Nothing
/// else makes one, so ``EventLog/append(prepared:archive:acknowledgedSequence:)`` writes the bytes
/// without hashing them again.
public struct PreparedEntries: Sendable {
    /// The entries, consecutive and linked.
    public let envelopes: [Envelope]
    /// Each entry's ``Envelope/encoded`` bytes, hash included.
    public let encoded: [[UInt8]]

    init(trusted envelopes: [Envelope], encoded: [[UInt8]]) {
        self.envelopes = envelopes
        self.encoded = encoded
    }

    /// Checks that `envelopes` are consecutive, each linked to the one before, and each hash the
    /// hash of its content (`.gap`, `.previousHashMismatch`, `.hashMismatch` naming the sequence).
    public init(checking envelopes: [Envelope]) throws(EventLogError) {
        let (prefix, failure) = Self.checkedPrefix(of: envelopes)
        if let failure { throw failure.error }
        self = prefix
    }

    /// The longest prefix of `envelopes` that passes ``init(checking:)``'s checks, and the first
    /// entry that does not (its position and why), if any.
    public static func checkedPrefix(of envelopes: [Envelope])
        -> (prefix: PreparedEntries, failure: (index: Int, error: EventLogError)?)
    {
        var encoded = [[UInt8]]()
        encoded.reserveCapacity(envelopes.count)
        for (i, envelope) in envelopes.enumerated() {
            let bytes = envelope.encoded
            let computed = bytes.withUnsafeBytes { Envelope.recomputedHash(of: $0)?.computed }
            var failure: EventLogError?
            if i > 0 {
                let before = envelopes[i - 1]
                do throws(EventLogError) {
                    try EventLog.checkLink(envelope, head: (before.sequence, before.hash))
                } catch {
                    failure = error
                }
            }
            if failure == nil, computed != envelope.hash {
                failure = .hashMismatch(sequence: envelope.sequence)
            }
            if let failure {
                return (
                    PreparedEntries(trusted: Array(envelopes[..<i]), encoded: encoded),
                    (i, failure)
                )
            }
            encoded.append(bytes)
        }
        return (PreparedEntries(trusted: envelopes, encoded: encoded), nil)
    }

    /// The entries at positions `range`: still consecutive, linked and checked.
    public func slice(_ range: Range<Int>) -> PreparedEntries {
        PreparedEntries(trusted: Array(envelopes[range]), encoded: Array(encoded[range]))
    }

    /// The number of entries.
    public var count: Int { envelopes.count }
    /// The last entry's sequence, nil when empty.
    public var lastSequence: UInt64? { envelopes.last?.sequence }
}

extension EventLog {
    /// The entries `records` become when appended after `head`: the same sequences, chain and
    /// bytes as ``append(_:)`` writes, computed without writing anything.
    public static func prepare(
        _ records: [EventRecord], after head: (sequence: UInt64, hash: Word)
    ) -> PreparedEntries {
        var envelopes = [Envelope]()
        var encoded = [[UInt8]]()
        envelopes.reserveCapacity(records.count)
        encoded.reserveCapacity(records.count)
        var previous = head.hash
        for (i, record) in records.enumerated() {
            let (envelope, bytes) = Envelope.chained(
                sequence: head.sequence + UInt64(i) + 1, record: record, previousHash: previous)
            previous = envelope.hash
            envelopes.append(envelope)
            encoded.append(bytes)
        }
        return PreparedEntries(trusted: envelopes, encoded: encoded)
    }
}

import EventLog

/// What makes two actions the same for duplicate detection: the record the current schema encodes
/// an action into (chain, block, timestamp, sender, kind and payload bytes; the encoding is
/// canonical, so equal actions have equal records and different ones different records), hashed
/// once over its bytes. Looking one up costs one integer hash, not a walk through the event.
struct ActionIdentity: Hashable {
    /// The record, as staged or as re-encoded from the log.
    let record: EventRecord
    /// The record's hash, computed once.
    let hash: Int

    /// The identity of an action encoded as `record`.
    init(_ record: EventRecord) {
        self.record = record
        var hasher = Hasher()
        hasher.combine(record.chainId)
        hasher.combine(record.blockNumber)
        hasher.combine(record.timestamp)
        hasher.combine(record.sender)
        hasher.combine(record.kind)
        hasher.combine(record.schemaVersion)
        record.payload.withUnsafeBytes { hasher.combine(bytes: $0) }
        hash = hasher.finalize()
    }

    /// Equal when the records are, compared only when the hashes are equal.
    static func == (a: ActionIdentity, b: ActionIdentity) -> Bool {
        a.hash == b.hash && a.record == b.record
    }

    /// The stored hash.
    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

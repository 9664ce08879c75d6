import Ethereum

/// Appends of envelopes that were built before the write: the replicated commit path, where the
/// writer publishes a group's envelopes to a replicated stream first and writes them here only
/// once the stream acknowledged them, and followers write the envelopes they read from it.
///
/// The stream's highest acknowledged sequence is kept in `meta["stream-acknowledged"]`, written in
/// the same transaction as the entries it covers, so a node can tell after any restart whether the
/// stream lost entries it once acknowledged.
extension EventLog {
    static let acknowledgedKey = Array("stream-acknowledged".utf8)

    /// Appends `envelopes` in one write transaction, after checking that they continue the head
    /// (sequence, previous hash) and that each one's hash is the hash of its content; stores
    /// `archive` and raises the acknowledged stream sequence to `acknowledgedSequence` in the same
    /// transaction. Durable when this returns (unless opened with `unsafeNoSync`).
    public func append(
        envelopes: [Envelope], archive: [ArchiveEntry], acknowledgedSequence: UInt64
    ) throws(EventLogError) {
        // The cheap refusals first, before any hashing: a read-only log, an empty or oversized
        // batch.
        _ = try checkAppendable(envelopes)
        try append(
            prepared: PreparedEntries(checking: envelopes), archive: archive,
            acknowledgedSequence: acknowledgedSequence)
    }

    /// Appends `prepared` like ``append(envelopes:archive:acknowledgedSequence:)``, writing the
    /// bytes it carries (their hashes were computed or checked when it was made); only the link of
    /// its first entry to the head is checked here. `transactions[i]`, when given and not nil, is
    /// stored as the i-th entry's raw transaction in the same write transaction.
    public func append(
        prepared: PreparedEntries, archive: [ArchiveEntry], transactions: [[UInt8]?] = [],
        acknowledgedSequence: UInt64
    ) throws(EventLogError) {
        let envelopes = prepared.envelopes
        let raw = Self.storedTransactions(transactions, entries: envelopes.count)
        let bytes = try checkAppendable(envelopes)
        let encoded = prepared.encoded
        try writer.withLock { (state) throws(EventLogError) in
            if let bad = state.firstBadSequence { throw .refusedUnverified(firstBadSequence: bad) }
            try Self.checkLink(envelopes[0], head: (state.headSequence, state.headHash))
            state.appends += 1
            if state.faults.plan.removeValue(forKey: state.appends) == .failedWrite {
                throw StorageFaults.ioError("write failed before append \(state.appends)")
            }
            try growIfNeeded(forBytes: bytes)
            while true {
                do throws(EventLogError) {
                    try writeEncoded(
                        encoded, envelopes, after: state.headSequence, archive: archive,
                        transactions: raw, acknowledgedSequence: acknowledgedSequence)
                    break
                } catch let error where error.isMapFull {
                    let usage = environment.mapUsage
                    try environment.setMapSize(
                        max(usage.sizeBytes * 2, usage.usedBytes + 4 * bytes))
                }
            }
            // Checked non-empty above.
            let last = envelopes[envelopes.count - 1]
            state.headSequence = last.sequence
            state.headHash = last.hash
        }
        notifyTails()
    }

    /// Refuses an append of `envelopes` to a read-only log, an empty batch, a payload over
    /// ``Envelope/maxPayloadBytes`` and a batch over the batch bounds; returns its encoded bytes.
    func checkAppendable(_ envelopes: [Envelope]) throws(EventLogError) -> Int {
        guard mode != .readOnly else { throw .readOnly(operation: "append") }
        guard !envelopes.isEmpty else { throw .emptyBatch }
        var bytes = 0
        for envelope in envelopes {
            guard envelope.record.payload.count <= Envelope.maxPayloadBytes else {
                throw .payloadTooLarge(bytes: envelope.record.payload.count)
            }
            bytes += envelope.encodedCount
        }
        guard envelopes.count <= Self.maxBatchEvents, bytes <= Self.maxBatchBytes else {
            throw .batchTooLarge(events: envelopes.count, bytes: bytes)
        }
        return bytes
    }

    /// The highest replicated-stream sequence this ledger recorded as acknowledged (0 when none).
    public func acknowledgedSequence() throws(EventLogError) -> UInt64 {
        try environment.read { (txn) throws(EventLogError) -> UInt64 in
            try storedAcknowledged(txn)
        }
    }

    /// Checks that `envelope` is the entry after `head`: the next sequence, linked to its hash.
    static func checkLink(_ envelope: Envelope, head: (sequence: UInt64, hash: Word))
        throws(EventLogError)
    {
        guard envelope.sequence == head.sequence + 1 else {
            throw .gap(expected: head.sequence + 1, found: envelope.sequence)
        }
        guard envelope.previousHash == head.hash else {
            throw .previousHashMismatch(sequence: envelope.sequence)
        }
    }

    private func writeEncoded(
        _ encoded: [[UInt8]], _ envelopes: [Envelope], after sequence: UInt64,
        archive: [ArchiveEntry], transactions: [[UInt8]?]?, acknowledgedSequence: UInt64
    ) throws(EventLogError) {
        try environment.write { (txn) throws(EventLogError) in
            for (envelope, bytes) in zip(envelopes, encoded) {
                try withKey(envelope.sequence) { (k) throws(EventLogError) in
                    try withBytes(bytes) { (v) throws(EventLogError) in
                        try txn.put(logDB, key: k, value: v, append: true)
                    }
                }
            }
            let last = envelopes[envelopes.count - 1]
            try storeHead(last.sequence, last.hash, txn)
            try putArchive(archive, appendedAfter: sequence, count: envelopes.count, txn)
            try putTransactions(transactions, appendedAfter: sequence, txn)
            if acknowledgedSequence > (try storedAcknowledged(txn)) {
                try withBytes(Self.acknowledgedKey) { (k) throws(EventLogError) in
                    try withKey(acknowledgedSequence) { (v) throws(EventLogError) in
                        try txn.put(metaDB, key: k, value: v)
                    }
                }
            }
        }
    }

    /// `meta["stream-acknowledged"]`, 0 when absent.
    func storedAcknowledged(_ txn: borrowing LMDBTransaction) throws(EventLogError) -> UInt64 {
        let raw = try withBytes(Self.acknowledgedKey) { (k) throws(EventLogError) in
            try txn.get(metaDB, key: k)
        }
        guard let raw, raw.count == 8 else { return 0 }
        return UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self))
    }
}

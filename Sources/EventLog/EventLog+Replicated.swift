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

    /// The envelopes `records` get when appended after `head`: the same sequences, chain and bytes
    /// as ``append(_:)`` writes, computed without writing anything.
    public static func envelopes(
        for records: [EventRecord], after head: (sequence: UInt64, hash: Word)
    ) -> [Envelope] {
        var envelopes = [Envelope]()
        envelopes.reserveCapacity(records.count)
        var previous = head.hash
        for (i, record) in records.enumerated() {
            let envelope = Envelope(
                sequence: head.sequence + UInt64(i) + 1, record: record, previousHash: previous)
            previous = envelope.hash
            envelopes.append(envelope)
        }
        return envelopes
    }

    /// Appends `envelopes` in one write transaction, after checking that they continue the head
    /// (sequence, previous hash) and that each one's hash is the hash of its content; stores
    /// `archive` and raises the acknowledged stream sequence to `acknowledgedSequence` in the same
    /// transaction. Durable when this returns (unless opened with `unsafeNoSync`).
    public func append(
        envelopes: [Envelope], archive: [ArchiveEntry], acknowledgedSequence: UInt64
    ) throws(EventLogError) {
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
        let encoded = try Self.checkedEncoding(envelopes)
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
                        acknowledgedSequence: acknowledgedSequence)
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

    /// The highest replicated-stream sequence this ledger recorded as acknowledged (0 when none).
    public func acknowledgedSequence() throws(EventLogError) -> UInt64 {
        try environment.read { (txn) throws(EventLogError) -> UInt64 in
            try storedAcknowledged(txn)
        }
    }

    /// Each envelope's bytes, after checking that the envelopes are consecutive, each linked to
    /// the one before, and each hash the hash of its content.
    static func checkedEncoding(_ envelopes: [Envelope]) throws(EventLogError) -> [[UInt8]] {
        var encoded = [[UInt8]]()
        encoded.reserveCapacity(envelopes.count)
        for (i, envelope) in envelopes.enumerated() {
            if i > 0 {
                let before = envelopes[i - 1]
                try checkLink(envelope, head: (before.sequence, before.hash))
            }
            let bytes = envelope.encoded
            let computed = bytes.withUnsafeBytes { Envelope.recomputedHash(of: $0)?.computed }
            guard computed == envelope.hash else {
                throw .hashMismatch(sequence: envelope.sequence)
            }
            encoded.append(bytes)
        }
        return encoded
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
        archive: [ArchiveEntry], acknowledgedSequence: UInt64
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

import CLMDB
import Ethereum

extension EventLog {
    /// Appends `records` in one write transaction: all of them or none. Returns their envelopes,
    /// durable when this returns (unless the log was opened with `unsafeNoSync`).
    @discardableResult
    public func append(_ records: [EventRecord]) throws(EventLogError) -> [Envelope] {
        guard !records.isEmpty else { throw .emptyBatch }
        var bytes = 0
        for record in records {
            guard record.payload.count <= Envelope.maxPayloadBytes else { throw .payloadTooLarge(bytes: record.payload.count) }
            bytes += Envelope.overheadBytes + record.payload.count
        }
        guard records.count <= Self.maxBatchEvents, bytes <= Self.maxBatchBytes else {
            throw .batchTooLarge(events: records.count, bytes: bytes)
        }
        return try writer.withLock { (state) throws(EventLogError) -> [Envelope] in
            if let bad = state.firstBadSequence { throw .refusedUnverified(firstBadSequence: bad) }
            try growIfNeeded(forBytes: bytes)
            while true {
                do throws(EventLogError) {
                    let envelopes = try write(records, after: state.headSequence, previous: state.headHash, scratch: &state.scratch)
                    if let last = envelopes.last {
                        state.headSequence = last.sequence
                        state.headHash = last.hash
                    }
                    notifyTails()
                    return envelopes
                } catch .storage(let code, _, _) where code == MDB_MAP_FULL {
                    // The transaction was aborted; grow and retry the whole batch.
                    let usage = environment.mapUsage
                    try environment.setMapSize(max(usage.sizeBytes * 2, usage.usedBytes + 4 * bytes))
                }
            }
        }
    }

    /// Grows the map before a batch that could fill it (never from inside a write).
    private func growIfNeeded(forBytes bytes: Int) throws(EventLogError) {
        let usage = environment.mapUsage
        let needed = usage.usedBytes + 2 * bytes + (1 << 20)
        if needed > usage.sizeBytes * 3 / 4 {
            try environment.setMapSize(max(usage.sizeBytes * 2, needed * 2))
        }
    }

    private func write(_ records: [EventRecord], after sequence: UInt64, previous: Word,
                       scratch: inout [UInt8]) throws(EventLogError) -> [Envelope] {
        try environment.write { (txn) throws(EventLogError) -> [Envelope] in
            var envelopes = [Envelope]()
            envelopes.reserveCapacity(records.count)
            var sequence = sequence, previous = previous
            for record in records {
                sequence += 1
                let count = Envelope.overheadBytes + record.payload.count
                if scratch.count < count { scratch = [UInt8](repeating: 0, count: max(count, scratch.count * 2)) }
                var envelope = Envelope(sequence: sequence, record: record, previousHash: previous, hash: .zero)
                let hash = scratch.withUnsafeMutableBytes { buffer in
                    let out = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                    envelope.encode(into: out)
                    let hash = Envelope.chainHash(previous: previous, body: UnsafeRawBufferPointer(rebasing: out[0..<(count - 64)]))
                    hash.store(into: out, at: count - 32)
                    return hash
                }
                envelope.hash = hash
                try withKey(sequence) { (k) throws(EventLogError) in
                    try withBytes(scratch) { (v) throws(EventLogError) in
                        try txn.put(logDB, key: k, value: UnsafeRawBufferPointer(rebasing: v[0..<count]), append: true)
                    }
                }
                previous = envelope.hash
                envelopes.append(envelope)
            }
            var head = [UInt8]()
            head.reserveCapacity(40)
            withUnsafeBytes(of: sequence.bigEndian) { head += $0 }
            previous.append(to: &head)
            try withBytes(Self.headKey) { (k) throws(EventLogError) in
                try withBytes(head) { (v) throws(EventLogError) in try txn.put(metaDB, key: k, value: v) }
            }
            let format = withUnsafeBytes(of: Self.formatVersion.bigEndian) { Array($0) }
            try withBytes(Self.formatKey) { (k) throws(EventLogError) in
                try withBytes(format) { (v) throws(EventLogError) in try txn.put(metaDB, key: k, value: v) }
            }
            return envelopes
        }
    }
}

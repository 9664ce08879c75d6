import Dispatch
import Ethereum
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension EventLog {
    /// Appends `records` in one write transaction: all of them or none. Returns their envelopes,
    /// durable when this returns (unless the log was opened with `unsafeNoSync`).
    @discardableResult
    public func append(_ records: [EventRecord]) throws(EventLogError) -> [Envelope] {
        try append(records, archiveEntries: nil)
    }

    /// Appends `records`, and stores `archiveEntries` in the same transaction when given (see
    /// ``append(_:archive:)``).
    func append(
        _ records: [EventRecord], archiveEntries: [ArchiveEntry]?,
        transactions: [[UInt8]?]? = nil
    ) throws(EventLogError) -> [Envelope] {
        guard mode != .readOnly else { throw .readOnly(operation: "append") }
        guard !records.isEmpty else { throw .emptyBatch }
        var bytes = 0
        for record in records {
            guard record.payload.count <= Envelope.maxPayloadBytes else {
                throw .payloadTooLarge(bytes: record.payload.count)
            }
            bytes += Envelope.overheadBytes + record.payload.count
        }
        guard records.count <= Self.maxBatchEvents, bytes <= Self.maxBatchBytes else {
            throw .batchTooLarge(events: records.count, bytes: bytes)
        }
        return try writer.withLock { (state) throws(EventLogError) -> [Envelope] in
            if let bad = state.firstBadSequence { throw .refusedUnverified(firstBadSequence: bad) }
            state.appends += 1
            var fault = state.faults.plan.removeValue(forKey: state.appends)
            if fault == .failedWrite {
                throw StorageFaults.ioError("write failed before append \(state.appends)")
            }
            try growIfNeeded(forBytes: bytes)
            while true {
                do throws(EventLogError) {
                    let envelopes = try write(
                        records, after: state.headSequence, previous: state.headHash,
                        scratch: &state.scratch, fault: fault, archive: archiveEntries,
                        transactions: transactions)
                    if let last = envelopes.last {
                        state.headSequence = last.sequence
                        state.headHash = last.hash
                    }
                    notifyTails()
                    if fault == .lostAcknowledgement {
                        throw StorageFaults.ioError(
                            "append \(state.appends) committed, acknowledgement lost")
                    }
                    return envelopes
                } catch let error where error.isMapFull {
                    // The transaction was aborted; grow and retry the whole batch.
                    fault = nil
                    let usage = environment.mapUsage
                    try environment.setMapSize(
                        max(usage.sizeBytes * 2, usage.usedBytes + 4 * bytes))
                }
            }
        }
    }

    /// Grows the map before a batch that could fill it (never from inside a write).
    func growIfNeeded(forBytes bytes: Int) throws(EventLogError) {
        let usage = environment.mapUsage
        let needed = usage.usedBytes + 2 * bytes + (1 << 20)
        if needed > usage.sizeBytes * 3 / 4 {
            try environment.setMapSize(max(usage.sizeBytes * 2, needed * 2))
        }
    }

    /// Batches at least this large hash their chain on a second thread while this one writes.
    static let pipelineThreshold = 64

    private func write(
        _ records: [EventRecord], after sequence: UInt64, previous: Word,
        scratch: inout [UInt8], fault: StorageFaults.Fault?, archive: [ArchiveEntry]?,
        transactions: [[UInt8]?]? = nil
    ) throws(EventLogError) -> [Envelope] {
        // Encode every entry once, hashes still zero, into one contiguous buffer.
        var offsets = [Int]()
        offsets.reserveCapacity(records.count + 1)
        var total = 0
        for record in records {
            offsets.append(total)
            total += Envelope.overheadBytes + record.payload.count
        }
        offsets.append(total)
        if scratch.count < total {
            scratch = [UInt8](repeating: 0, count: max(total, scratch.count * 2))
        }
        var envelopes = [Envelope]()
        envelopes.reserveCapacity(records.count)
        let last: Word = try scratch.withUnsafeMutableBytes { buffer in
            Result { () throws(EventLogError) -> Word in
                for (i, record) in records.enumerated() {
                    let envelope = Envelope(
                        sequence: sequence + UInt64(i) + 1, record: record, previousHash: .zero,
                        hash: .zero)
                    envelope.encode(
                        into: UnsafeMutableRawBufferPointer(
                            rebasing: buffer[offsets[i]..<offsets[i + 1]]))
                    envelopes.append(envelope)
                }
                let chain = HashChain(buffer: buffer, offsets: offsets, previous: previous)
                if records.count >= Self.pipelineThreshold {
                    chain.startInBackground()
                } else {
                    chain.run()
                }
                // the buffer must outlive the hashing thread, even on error
                defer { chain.waitUntilDone() }
                try environment.write { (txn) throws(EventLogError) in
                    for i in 0..<records.count {
                        if fault == .mapFull { throw .mapFull(operation: "injected fault") }
                        if case .tornBatch(let k) = fault, i == k {
                            throw StorageFaults.ioError("batch torn after \(k) entries")
                        }
                        chain.waitFor(entry: i)
                        try withKey(sequence + UInt64(i) + 1) { (k) throws(EventLogError) in
                            try txn.put(
                                logDB, key: k,
                                value: UnsafeRawBufferPointer(
                                    rebasing: buffer[offsets[i]..<offsets[i + 1]]), append: true)
                        }
                    }
                    try storeHead(
                        sequence + UInt64(records.count), chain.hash(of: records.count - 1), txn)
                    try putArchive(archive, appendedAfter: sequence, count: records.count, txn)
                    try putTransactions(transactions, appendedAfter: sequence, txn)
                }
                return chain.hash(of: records.count - 1)
            }
        }.get()
        for i in envelopes.indices {
            envelopes[i].previousHash = i == 0 ? previous : envelopes[i - 1].hash
            envelopes[i].hash = scratch.withUnsafeBytes {
                Word(loading: $0, at: offsets[i + 1] - 32)
            }
        }
        precondition(envelopes.last?.hash == last, "hash chain and envelopes agree")
        return envelopes
    }

    func storeHead(_ sequence: UInt64, _ hash: Word, _ txn: borrowing LMDBTransaction)
        throws(EventLogError)
    {
        var head = [UInt8]()
        head.reserveCapacity(40)
        withUnsafeBytes(of: sequence.bigEndian) { head += $0 }
        hash.append(to: &head)
        try withBytes(Self.headKey) { (k) throws(EventLogError) in
            try withBytes(head) { (v) throws(EventLogError) in try txn.put(metaDB, key: k, value: v)
            }
        }
        let format = withUnsafeBytes(of: Self.formatVersion.bigEndian) { Array($0) }
        try withBytes(Self.formatKey) { (k) throws(EventLogError) in
            try withBytes(format) { (v) throws(EventLogError) in
                try txn.put(metaDB, key: k, value: v)
            }
        }
    }
}

/// The hash chain of one batch: entry i's previous hash and hash written into its bytes, in order,
/// here or on a second thread, publishing how many entries are done.
final class HashChain: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer
    private let offsets: [Int]
    private let first: Word
    private let done = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)
    private var background = false

    init(buffer: UnsafeMutableRawBufferPointer, offsets: [Int], previous: Word) {
        self.buffer = buffer
        self.offsets = offsets
        self.first = previous
    }

    func run() {
        var previous = first
        for i in 0..<(offsets.count - 1) {
            let end = offsets[i + 1]
            previous.store(into: buffer, at: end - 64)
            let hash = Envelope.chainHash(
                previous: previous,
                body: UnsafeRawBufferPointer(rebasing: buffer[offsets[i]..<(end - 64)]))
            hash.store(into: buffer, at: end - 32)
            previous = hash
            done.store(i + 1, ordering: .releasing)
        }
    }

    func startInBackground() {
        background = true
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            run()
            finished.signal()
        }
    }

    /// Returns once entry `i` is hashed.
    func waitFor(entry i: Int) {
        var spins = 0
        while done.load(ordering: .acquiring) <= i {
            spins += 1
            if spins > 64 { sched_yield() }
        }
    }

    func waitUntilDone() {
        if background { finished.wait() }
    }

    func hash(of i: Int) -> Word {
        waitFor(entry: i)
        return Word(loading: UnsafeRawBufferPointer(buffer), at: offsets[i + 1] - 32)
    }
}

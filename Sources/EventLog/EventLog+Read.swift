import Ethereum

extension EventLog {
    /// The entry at `sequence`.
    public func entry(_ sequence: UInt64) throws(EventLogError) -> Envelope {
        try environment.read { (txn) throws(EventLogError) -> Envelope in
            let raw = try withKey(sequence) { (k) throws(EventLogError) in
                try txn.get(logDB, key: k)
            }
            guard let raw else { throw .notFound(sequence: sequence) }
            return try Envelope(decoding: raw, expectedSequence: sequence)
        }
    }

    /// Entries `from` through `through` (inclusive), at most `limit` of them.
    public func entries(from: UInt64, through: UInt64 = .max, limit: Int = 10_000)
        throws(EventLogError) -> [Envelope]
    {
        var out = [Envelope]()
        try scan(from: from) { (envelope) throws(EventLogError) in
            guard envelope.sequence <= through, out.count < limit else { return false }
            out.append(envelope)
            return true
        }
        return out
    }

    /// Decodes every entry from `from` on, in order, until `body` returns false. One read
    /// transaction per chunk of entries, so a long scan never pins old pages for long.
    public func scan(from: UInt64 = 1, _ body: (Envelope) throws(EventLogError) -> Bool)
        throws(EventLogError)
    {
        try scanRaw(from: from) { (sequence, raw) throws(EventLogError) in
            try body(Envelope(decoding: raw, expectedSequence: sequence))
        }
    }

    /// Calls `body` with the entries from `sequence` down, newest first, until it returns false.
    /// One read transaction: for short walks back from the head.
    public func scanBackward(
        from sequence: UInt64, _ body: (Envelope) throws(EventLogError) -> Bool
    ) throws(EventLogError) {
        try environment.read { (txn) throws(EventLogError) in
            try withKey(sequence) { (k) throws(EventLogError) in
                try txn.scan(logDB, from: k, reverse: true) {
                    (rawKey, value) throws(EventLogError) in
                    try body(
                        Envelope(
                            decoding: value,
                            expectedSequence: UInt64(
                                bigEndian: rawKey.loadUnaligned(as: UInt64.self))))
                }
            }
        }
    }

    /// Calls `body` with each stored entry's sequence and bytes (valid only during the call).
    public func scanRaw(
        from: UInt64 = 1, chunk: Int = 65_536,
        _ body: (UInt64, UnsafeRawBufferPointer) throws(EventLogError) -> Bool
    ) throws(EventLogError) {
        var next = max(from, 1)
        while true {
            var seen = 0
            var stop = false
            var lowest = UInt.max
            var highest: UInt = 0
            try environment.read { (txn) throws(EventLogError) in
                try withKey(next) { (k) throws(EventLogError) in
                    try txn.scan(logDB, from: k) { (rawKey, value) throws(EventLogError) in
                        let sequence = UInt64(bigEndian: rawKey.loadUnaligned(as: UInt64.self))
                        if let base = value.baseAddress {
                            lowest = min(lowest, UInt(bitPattern: base))
                            highest = max(highest, UInt(bitPattern: base) + UInt(value.count))
                        }
                        guard try body(sequence, value) else {
                            stop = true
                            return false
                        }
                        next = sequence + 1
                        seen += 1
                        return seen < chunk
                    }
                }
            }
            if stop || seen < chunk { return }
            // long scans: keep the resident set flat
            environment.releaseMappedPages(lowest: lowest, highest: highest)
        }
    }
}

/// The outcome of a full verification.
public struct VerificationReport: Equatable, Sendable {
    /// The last sequence checked (the number of entries, when the log is sound).
    public var entries: UInt64
    /// The hash of the last entry checked.
    public var headHash: Word
    /// Snapshots stored (counted only when the chain is sound).
    public var snapshots: Int
    /// The first problem found, naming its sequence; `nil` when the log is sound.
    public var problem: EventLogError?
    /// Whether no problem was found.
    public var isValid: Bool { problem == nil }
}

extension EventLog {
    /// Walks the whole chain: gap-free sequences from 1, every entry decodable, every previous hash
    /// and hash correct, the metadata head equal to the last entry, every snapshot at a sequence that
    /// exists. Reports the first problem without crashing; a failing log then refuses appends, a
    /// sound one accepts them again. `progress` is called with the sequence reached, every 65 536 entries.
    @discardableResult
    public func verify(progress: ((UInt64) -> Void)? = nil) throws(EventLogError)
        -> VerificationReport
    {
        let stored = try environment.read { (txn) throws(EventLogError) in try metadataHead(txn) }
        let head = (sequence: stored?.0 ?? 0, hash: stored?.1 ?? .zero)
        var report = VerificationReport(entries: 0, headHash: .zero, snapshots: 0, problem: nil)
        report.problem = try checkChain(
            from: 1, through: .max, progress: progress, counted: &report)
        if report.problem == nil
            && (report.entries != head.sequence || report.headHash != head.hash)
        {
            report.problem = .headMismatch(metadata: head.sequence, lastEntry: report.entries)
        }
        if report.problem == nil {
            report.snapshots = try snapshotSequences().count
            if let beyond = try snapshotSequences().first(where: { $0 > report.entries }) {
                report.problem = .notFound(sequence: beyond)
            }
        }
        if let problem = report.problem {
            markBad(problem.sequence ?? 1)
        } else {
            writer.withLock { $0.firstBadSequence = nil }
        }
        return report
    }

    func checkChain(from start: UInt64, through end: UInt64, progress: ((UInt64) -> Void)?)
        throws(EventLogError) -> EventLogError?
    {
        var report = VerificationReport(entries: 0, headHash: .zero, snapshots: 0)
        return try checkChain(from: start, through: end, progress: progress, counted: &report)
    }

    /// The first chain problem in [start, end], or nil.
    func checkChain(
        from start: UInt64, through end: UInt64, progress: ((UInt64) -> Void)?,
        counted report: inout VerificationReport
    ) throws(EventLogError) -> EventLogError? {
        var expected = start
        var previous = Word.zero
        if start > 1 {
            do throws(EventLogError) { previous = try entry(start - 1).hash } catch { return error }
        }
        var problem: EventLogError?
        try scanRaw(from: start) { (sequence, raw) throws(EventLogError) in
            guard sequence <= end else { return false }
            guard sequence == expected else {
                problem = .gap(expected: expected, found: sequence)
                return false
            }
            guard raw.count >= 9, raw[0] == Envelope.formatVersion,
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
                    == sequence,
                let (stored, hash, computed) = Envelope.recomputedHash(of: raw)
            else {
                problem = .undecodable(sequence: sequence, reason: "bad layout")
                return false
            }
            guard stored == previous else {
                problem = .previousHashMismatch(sequence: sequence)
                return false
            }
            guard hash == computed else {
                problem = .hashMismatch(sequence: sequence)
                return false
            }
            previous = hash
            report.entries = sequence
            report.headHash = hash
            expected += 1
            if sequence & 0xfff == 0 { progress?(sequence) }
            return true
        }
        return problem
    }
}

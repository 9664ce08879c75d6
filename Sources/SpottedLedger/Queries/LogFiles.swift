import Ethereum
import EventLog
import SpottedProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// One logged event as listings show it.
public struct EventRow: Encodable, Sendable {
    /// The event's sequence number in the log.
    public var sequence: UInt64
    /// The chain the event happened on.
    public var chainId: UInt64
    /// The block the event happened in, on its chain.
    public var blockNumber: UInt64
    /// The block timestamp on its chain, in seconds.
    public var timestamp: UInt64
    /// Who sent it (`msg.sender`).
    public var sender: Address
    /// The event's kind name (`kind-N` for a code this build does not know).
    public var kind: String
    /// Size of the ABI-encoded payload, in bytes.
    public var payloadBytes: Int
    /// The entry's chained hash.
    public var hash: Word
    /// The payload decoded into the kind's fields by name, or why it does not decode.
    public var fields: OrAbsent<OrderedFields<DecodedValue>>
}

/// Which events a listing shows.
public struct EventFilter: Sendable {
    /// First sequence to look at.
    public var from: UInt64 = 1
    /// Most rows to return.
    public var limit = 50
    /// Only this kind name.
    public var kind: String?
    /// Only this chain.
    public var chainId: UInt64?
    /// Only this sender.
    public var sender: Address?
    /// List a damaged log's events anyway (the caller marks the output); otherwise a log whose
    /// tail check found damage is refused, naming its first bad sequence.
    public var allowDamaged = false
    /// Every event from sequence 1, at most 50.
    public init() {}
}

/// What `verifyLedger` found.
public struct VerifyReport: Encodable, Sendable {
    /// The chain, the snapshots and a replay that re-checks every signature all passed.
    public var valid: Bool
    /// Events (entries) the hash chain holds.
    public var events: UInt64
    /// The hash of the last entry.
    public var headHash: Word
    /// Snapshots stored (counted only when the hash chain is sound).
    public var snapshots: Int
    /// The replayed state root, or null when the ledger is not valid.
    public var stateRoot: OrAbsent<Word>
    /// The first problem, naming its sequence; null when valid.
    public var problem: String?
}

/// What an export wrote.
public struct ExportReport: Encodable, Sendable {
    /// The file the export was written to.
    public var output: String
    /// Events written.
    public var events: UInt64
    /// The hash of the last entry written.
    public var headHash: Word
}

/// What an import built.
public struct ImportReport: Encodable, Sendable {
    /// The ledger directory built.
    public var ledger: String
    /// Events imported.
    public var events: UInt64
    /// The hash of the last entry imported.
    public var headHash: Word
    /// The root replay reached over the imported events.
    public var stateRoot: Word
}

/// Queries over a ledger's log files that need no state: listing, verifying, export and import.
public enum LedgerFiles {
    /// The kind names events may be filtered by, in code order.
    public static var kindNames: [String] { EventCodec.kinds.map(\.name) }

    /// The first bad sequence the log's open found, when `allowDamaged`; a damaged log is refused
    /// otherwise (`LedgerDamaged`, naming the sequence).
    static func intactOrAllowed(_ log: EventLog, allowDamaged: Bool) throws(QueryError) -> UInt64? {
        guard let bad = log.firstBadSequence else { return nil }
        guard allowDamaged else { throw .engine(.log(.refusedUnverified(firstBadSequence: bad))) }
        return bad
    }

    /// The first bad sequence of the ledger in `directory` found when it is opened (the tail
    /// check), or nil for a sound one; `verify` checks every entry.
    public static func firstBadSequence(in directory: String) throws(QueryError) -> UInt64? {
        try open(directory).firstBadSequence
    }

    /// Opens the log in `directory`: read-only unless `mode` says otherwise (only import creates).
    static func open(_ directory: String, mode: EventLog.OpenMode = .readOnly) throws(QueryError)
        -> EventLog
    {
        do {
            return try EventLog(directory: directory, options: EventLog.Options(mode: mode))
        } catch {
            throw .engine(.log(error))
        }
    }

    /// The events of the ledger in `directory` that pass `filter`, in log order.
    public static func events(in directory: String, filter: EventFilter) throws(QueryError)
        -> [EventRow]
    {
        _ = try kindCode(filter)
        return try events(in: open(directory), filter: filter)
    }

    /// The events of an open `log` that pass `filter`, in log order (the service's listing: its
    /// log is already open for writing).
    public static func events(in log: EventLog, filter: EventFilter) throws(QueryError)
        -> [EventRow]
    {
        let code = try kindCode(filter)
        _ = try intactOrAllowed(log, allowDamaged: filter.allowDamaged)
        var rows = [EventRow]()
        do throws(EventLogError) {
            try log.scan(from: filter.from) { e in
                if let row = row(e, filter, code) { rows.append(row) }
                return rows.count < filter.limit
            }
        } catch {
            throw .engine(.log(error))
        }
        return rows
    }

    /// The code of `filter`'s kind, nil for every kind; an unknown name is a bad argument.
    static func kindCode(_ filter: EventFilter) throws(QueryError) -> UInt16? {
        guard let kind = filter.kind else { return nil }
        guard let known = EventCodec.code(of: kind) else {
            throw .badArgument(
                field: "kind",
                reason: "--kind '\(kind)' is unknown; kinds: \(kindNames.joined(separator: ", "))")
        }
        return known
    }

    /// The listing row of `e` when it passes `filter` (kind `code`, chain, sender), else nil.
    static func row(_ e: Envelope, _ filter: EventFilter, _ code: UInt16?) -> EventRow? {
        let r = e.record
        if let code, r.kind != code { return nil }
        if let chain = filter.chainId, r.chainId != chain { return nil }
        if let who = filter.sender, r.sender != who { return nil }
        return row(e)
    }

    /// One logged entry as listings show it, its payload decoded into fields.
    public static func row(_ e: Envelope) -> EventRow {
        let r = e.record
        return EventRow(
            sequence: e.sequence, chainId: r.chainId, blockNumber: r.blockNumber,
            timestamp: r.timestamp, sender: r.sender,
            kind: EventCodec.name(of: r.kind) ?? "kind-\(r.kind)",
            payloadBytes: r.payload.count, hash: e.hash, fields: decodedFields(r))
    }

    /// The payload of `r` decoded into its kind's fields, or the decoding error in their place.
    static func decodedFields(_ r: EventRecord) -> OrAbsent<OrderedFields<DecodedValue>> {
        do throws(EventCodec.DecodingError) {
            let fields = try EventFields.decode(
                kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
            return OrAbsent(fields, absent: "")
        } catch {
            return OrAbsent(nil, absent: "undecodable: \(error)")
        }
    }

    /// Verifies the hash chain, the metadata head and every snapshot of the ledger in `directory`,
    /// then replays every event, re-checking every signature. `progress` gets the phase (`chain`,
    /// then `signatures`), the sequence reached and the head.
    public static func verify(
        directory: String,
        progress: ((_ phase: String, _ done: UInt64, _ total: UInt64) -> Void)? = nil
    ) throws(QueryError) -> VerifyReport {
        let log = try open(directory)
        let head = log.head.sequence
        let report: VerificationReport
        do { report = try log.verify { progress?("chain", $0, head) } } catch {
            throw .engine(.log(error))
        }
        var problem = report.problem.map { "\($0)" }
        var root: Word?
        if problem == nil {
            do {
                root = try Engine.replay(log, progress: { progress?("signatures", $0, head) }).root
            } catch {
                problem = "\(error)"
            }
        }
        return VerifyReport(
            valid: problem == nil, events: report.entries, headHash: report.headHash,
            snapshots: report.snapshots,
            stateRoot: OrAbsent(root, absent: "not replayed"), problem: problem)
    }

    /// Writes the ledger in `directory` to `output` as JSON lines (docs/event-log-format.md); a
    /// damaged log is refused.
    public static func export(directory: String, to output: String) throws(QueryError)
        -> ExportReport
    {
        let log = try open(directory)
        _ = try intactOrAllowed(log, allowDamaged: false)
        do { try log.exportFile(output, kindName: EventCodec.name(of:)) } catch {
            throw .exportFailed(error)
        }
        return ExportReport(output: output, events: log.head.sequence, headHash: log.head.hash)
    }

    /// Writes the ledger in `directory` as JSON lines to the open descriptor `descriptor` (a file,
    /// a pipe, standard output), which it leaves open; `output` names it in the report.
    /// A damaged log is refused unless `allowDamaged`; then a last line
    /// `{"damagedFrom":"N"}` marks the export (and makes an import refuse it).
    /// `progress` gets the number of events written, every 4 096.
    public static func export(
        directory: String, descriptor: Int32, output: String, allowDamaged: Bool = false,
        progress: ((UInt64) -> Void)? = nil
    ) throws(QueryError) -> ExportReport {
        let log = try open(directory)
        let damagedFrom = try intactOrAllowed(log, allowDamaged: allowDamaged)
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        func drain() throws(EventLogError) {
            var offset = 0
            while offset < buffer.count {
                let n = buffer[offset...].withUnsafeBytes {
                    write(descriptor, $0.baseAddress, $0.count)
                }
                guard n > 0 else {
                    throw .fileSystem(
                        operation: .write, path: output, code: errno,
                        message: String(cString: strerror(errno)))
                }
                offset += n
            }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            var written: UInt64 = 0
            try log.export(kindName: EventCodec.name(of:)) { (line) throws(EventLogError) in
                buffer.append(contentsOf: line.utf8)
                buffer.append(0x0A)
                written += 1
                if written & 0xfff == 0 { progress?(written) }
                if buffer.count >= 1 << 20 { try drain() }
            }
            if let damagedFrom {
                buffer.append(contentsOf: "{\"damagedFrom\":\"\(damagedFrom)\"}\n".utf8)
            }
            try drain()
        } catch {
            throw .exportFailed(error)
        }
        return ExportReport(output: output, events: log.head.sequence, headHash: log.head.hash)
    }

    /// Builds a new ledger in `directory` from the export `input` (`-`: standard input) through
    /// the engine's submit path: every line is decoded with `JSONDecoder`, its hash re-computed
    /// and its action submitted, so the ledger holds only what the engine accepts. The first bad
    /// line stops the import (``QueryError/importRefused(_:)``); the caller discards `directory`
    /// then. `progress` gets the sequence reached after each line.
    public static func importLedger(
        directory: String, from input: String, progress: ((UInt64) -> Void)? = nil
    ) throws(QueryError) -> ImportReport {
        guard let file = input == "-" ? fdopen(0, "r") : fopen(input, "r") else {
            throw .unreadableInput(
                "cannot open --input '\(input)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var reader = ByteLineReader(file: file)
        defer { reader.release() }
        var importer = LedgerImporter(engine: try Engine.create(directory: directory))
        var number = 0
        do throws(ImportLineError) {
            while let line = reader.next() {
                number += 1
                try importer.read(line, number: number)
                progress?(importer.expected - 1)
            }
            if !reader.failed { try importer.finish(lines: number) }
        } catch {
            throw .importRefused(error)
        }
        guard !reader.failed else {
            throw .unreadableInput("cannot read --input '\(input)' after line \(number)")
        }
        let log = importer.engine.log
        return ImportReport(
            ledger: directory, events: log.head.sequence, headHash: log.head.hash,
            stateRoot: importer.engine.state.root)
    }
}

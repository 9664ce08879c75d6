import Ethereum
import Synchronization

/// The durable, append-only, hash-chained event log of one ledger, in an LMDB environment.
///
/// One writer appends batches (one write transaction each, durable on return unless opened with
/// `unsafeNoSync`); any number of readers read, scan and tail concurrently. Every entry is chained
/// to the previous one by Keccak-256; a log that fails its integrity checks refuses appends.
///
/// ```swift
/// let log = try EventLog(directory: "logs/demo")
/// let stored = try log.append([record])
/// try log.verify()
/// ```
public final class EventLog: Sendable {
    /// What an open may do to the directory and the ledger in it.
    public enum OpenMode: Sendable, Equatable {
        /// Reads an existing ledger with `MDB_RDONLY`: writes nothing, creates nothing (no
        /// `lock.mdb` either, see `LMDB/LMDBLockFile.swift`), works on read-only mounts.
        case readOnly
        /// Reads and appends to an existing ledger; creates no directory and no data file.
        case readWrite
        /// Like `readWrite`, but creates the directory (and its parents) and an empty ledger
        /// when there is none. The only mode that may create anything.
        case create
    }

    /// How to open a log.
    public struct Options: Sendable {
        /// What the open may do to the directory; `create` by default.
        public var mode = OpenMode.create
        /// Initial map size in bytes; the map grows by itself before it is full.
        public var initialMapSizeBytes = 64 << 20
        /// `MDB_NOSYNC`: commits are not flushed to disk. For benchmarks only; said loudly when used.
        public var unsafeNoSync = false
        /// Entries whose chain is re-checked when the log is opened.
        public var tailVerifyEntries = 1_024
        /// Faults to inject into appends (none by default): see ``StorageFaults``.
        public var faults = StorageFaults()
        /// Default options: create mode, 64 MiB initial map, durable commits, 1 024 tail entries.
        public init() {}
        /// Default options with open mode `mode`.
        public init(mode: OpenMode) { self.mode = mode }
    }

    /// Events one append may carry.
    public static let maxBatchEvents = 100_000
    /// Bytes (envelopes included) one append may carry.
    public static let maxBatchBytes = 256 << 20
    /// The version of the metadata layout this build writes and reads.
    public static let formatVersion: UInt32 = 1

    let environment: LMDBEnvironment
    let logDB: LMDBDatabase, snapshotDB: LMDBDatabase, metaDB: LMDBDatabase
    /// The archive store (see `EventLog+Archive.swift`); nil only in a ledger written before it,
    /// opened read-only.
    let archiveDB: LMDBDatabase?, archiveIndexDB: LMDBDatabase?
    /// The raw transactions of entries that came as one (see `EventLog+Transactions.swift`); nil
    /// only in a ledger written before it, opened read-only.
    let transactionsDB: LMDBDatabase?
    /// The directory holding the ledger's LMDB files.
    public let directory: String
    /// The mode the log was opened in.
    public let mode: OpenMode

    struct WriterState {
        var headSequence: UInt64 = 0
        var headHash = Word.zero
        /// Set when an integrity check failed; appends are refused while it is set.
        var firstBadSequence: UInt64?
        var scratch = [UInt8]()
        /// Appends attempted since open, and the faults still to inject.
        var appends = 0
        var faults = StorageFaults()
    }
    let writer = Mutex(WriterState())
    let subscribers = Mutex(TailSubscribers())

    /// Opens the ledger in `directory` as `options.mode` allows, after checking its data file
    /// before LMDB maps it; checks the metadata head against the last entry, and re-verifies the
    /// chain over the last `tailVerifyEntries` entries.
    public init(directory: String, options: Options = Options()) throws(EventLogError) {
        self.directory = directory
        mode = options.mode
        if options.unsafeNoSync {
            FileDescriptor.standardError.write(
                "WARNING: event log \(directory) opened with MDB_NOSYNC: commits are NOT durable (benchmark mode)\n"
            )
        }
        var flags = try Self.prepare(directory: directory, mode: options.mode)
        if options.unsafeNoSync { flags.insert(.noSync) }
        environment = try LMDBEnvironment(
            path: directory, mapSizeBytes: options.initialMapSizeBytes, maxDatabases: 7,
            flags: flags)
        let names = ["log", "snapshots", "meta", "archive", "archive-index", "transactions"]
        let opened = try environment.openDatabases(names, create: options.mode != .readOnly)
        guard opened.count == 6, let log = opened[0], let snapshots = opened[1],
            let meta = opened[2]
        else {
            let missing = zip(names, opened).first { $0.1 == nil }?.0 ?? "log"
            let reason = "its LMDB file has no \"\(missing)\" database"
            throw .notALedger(path: directory, reason: reason)
        }
        (logDB, snapshotDB, metaDB) = (log, snapshots, meta)
        (archiveDB, archiveIndexDB) = (opened[3], opened[4])
        transactionsDB = opened[5]
        writer.withLock { $0.faults = options.faults }
        try checkOnOpen(tailEntries: options.tailVerifyEntries)
    }

    /// The last sequence number and hash (0 and zero for an empty log).
    public var head: (sequence: UInt64, hash: Word) {
        writer.withLock { ($0.headSequence, $0.headHash) }
    }

    /// Appends attempted since the log was opened (what ``StorageFaults`` count).
    public var appendsAttempted: Int { writer.withLock { $0.appends } }

    /// The first bad sequence found by the checks on open or by `verify()`, if any.
    public var firstBadSequence: UInt64? { writer.withLock { $0.firstBadSequence } }

    static func key(_ sequence: UInt64) -> [UInt8] {
        withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
    }

    static let headKey = Array("head".utf8), formatKey = Array("format".utf8)

    private func checkOnOpen(tailEntries: Int) throws(EventLogError) {
        let (metaHead, last) = try environment.read {
            (txn) throws(EventLogError) -> ((UInt64, Word)?, (UInt64, Word)?) in
            if let raw = try withBytes(
                Self.formatKey, { (k) throws(EventLogError) in try txn.get(metaDB, key: k) }),
                raw.count == 4
            {
                let found = UInt32(bigEndian: raw.loadUnaligned(as: UInt32.self))
                guard found == Self.formatVersion else {
                    throw .unsupportedFormat(found: found, supported: Self.formatVersion)
                }
            }
            let meta = try metadataHead(txn)
            var last: (UInt64, Word)?
            try txn.scan(logDB, from: nil, reverse: true) { (k, v) throws(EventLogError) in
                let seq = UInt64(bigEndian: k.loadUnaligned(as: UInt64.self))
                last = (seq, Envelope.recomputedHash(of: v)?.stored ?? .zero)
                return false
            }
            return (meta, last)
        }
        let metaSequence = metaHead?.0 ?? 0
        let lastSequence = last?.0 ?? 0
        writer.withLock { state in
            state.headSequence = lastSequence
            state.headHash = last?.1 ?? .zero
        }
        if metaSequence != lastSequence || (metaHead?.1 ?? .zero) != (last?.1 ?? .zero) {
            markBad(min(metaSequence, lastSequence) + 1)
            return
        }
        if lastSequence > 0 {
            let start =
                lastSequence > UInt64(tailEntries) ? lastSequence - UInt64(tailEntries) + 1 : 1
            if let problem = try checkChain(from: start, through: lastSequence, progress: nil) {
                markBad(problem.sequence ?? start)
            }
        }
    }

    /// The head recorded in the metadata database (sequence and hash), if any.
    func metadataHead(_ txn: borrowing LMDBTransaction) throws(EventLogError) -> (UInt64, Word)? {
        guard
            let raw = try withBytes(
                Self.headKey, { (k) throws(EventLogError) in try txn.get(metaDB, key: k) }),
            raw.count == 40
        else { return nil }
        return (UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)), Word(loading: raw, at: 8))
    }

    func markBad(_ sequence: UInt64) {
        writer.withLock { $0.firstBadSequence = min($0.firstBadSequence ?? .max, sequence) }
    }
}

import Ethereum

/// Why the log refused an operation or found a problem. Integrity errors name the sequence number.
public enum EventLogError: Error, Equatable, CustomStringConvertible {
    /// LMDB returned an error (its code and message are kept).
    case storage(code: Int32, operation: String, message: String)
    /// A system call on a path failed: which call, the path, errno and its text.
    case fileSystem(operation: FileOperation, path: String, code: Int32, message: String)
    /// The path is not a ledger this open mode may use (missing, not a directory, no data file).
    case notALedger(path: String, reason: String)
    /// The LMDB data file failed the checks made before it is mapped.
    case damagedDataFile(path: String, problem: DataFileProblem)
    /// The log was opened read-only, and `operation` would write.
    case readOnly(operation: String)
    /// The stored format version is not the one this build reads.
    case unsupportedFormat(found: UInt32, supported: UInt32)
    /// The entry at `sequence` does not decode.
    case undecodable(sequence: UInt64, reason: String)
    /// The entry's stored hash is not the hash of its content.
    case hashMismatch(sequence: UInt64)
    /// The entry's previous hash is not the hash of the entry before it.
    case previousHashMismatch(sequence: UInt64)
    /// A sequence number is missing from the log.
    case gap(expected: UInt64, found: UInt64)
    /// The head recorded in the metadata is not the last entry.
    case headMismatch(metadata: UInt64, lastEntry: UInt64)
    /// The log failed verification; appends are refused until it is repaired or re-imported.
    case refusedUnverified(firstBadSequence: UInt64)
    /// A batch exceeds ``EventLog/maxBatchEvents`` or ``EventLog/maxBatchBytes``.
    case batchTooLarge(events: Int, bytes: Int)
    /// An append of no events.
    case emptyBatch
    /// A payload exceeds ``Envelope/maxPayloadBytes``.
    case payloadTooLarge(bytes: Int)
    /// An import stopped at `line` (1-based; 0 for the log itself).
    case importFailed(line: Int, reason: String)
    /// No entry has this sequence.
    case notFound(sequence: UInt64)

    /// The system call a ``fileSystem(operation:path:code:message:)`` error names.
    public enum FileOperation: String, Sendable {
        /// `mkdir`.
        case makeDirectory = "mkdir"
        /// `open` or `fopen`.
        case open
        /// `stat`.
        case stat
        /// `read` or `pread`.
        case read
        /// `write` or `fputs`.
        case write
        /// `fflush`.
        case flush
        /// `fcntl` (a lock query).
        case lock = "fcntl"
    }

    /// A one-line account of the error, naming the sequence, path or limit involved.
    public var description: String {
        switch self {
        case .storage(let code, let op, let message):
            "storage: \(op) failed (LMDB \(code): \(message))"
        case .fileSystem(let op, let path, let code, let message):
            "\(op.rawValue) \(path) failed (errno \(code): \(message))"
        case .notALedger(let path, let reason): "\(path) is not a ledger: \(reason)"
        case .damagedDataFile(let path, let problem): "\(path) is damaged: \(problem)"
        case .readOnly(let op): "the log is open read-only; \(op) needs it opened for writing"
        default: integrityDescription
        }
    }

    private var integrityDescription: String {
        switch self {
        case .unsupportedFormat(let found, let supported):
            "log format \(found) is not supported (this build reads \(supported))"
        case .undecodable(let seq, let reason): "sequence \(seq): undecodable entry: \(reason)"
        case .hashMismatch(let seq):
            "sequence \(seq): stored hash does not match keccak256(previousHash ‖ entry)"
        case .previousHashMismatch(let seq):
            "sequence \(seq): previous hash does not match the hash of sequence \(seq - 1)"
        case .gap(let expected, let found): "sequence gap: expected \(expected), found \(found)"
        case .headMismatch(let meta, let last):
            "metadata head \(meta) does not match the last entry \(last)"
        case .refusedUnverified(let seq):
            "the log is damaged from sequence \(seq): nothing is appended, and analyses need `--through \(seq &- 1)` (replay); `unwind --to \(seq &- 1) --yes` removes the damaged tail"
        case .batchTooLarge(let events, let bytes):
            "batch of \(events) events / \(bytes) bytes exceeds the limits (\(EventLog.maxBatchEvents) events, \(EventLog.maxBatchBytes) bytes)"
        case .emptyBatch: "an append needs at least one event"
        case .payloadTooLarge(let bytes):
            "payload of \(bytes) bytes exceeds \(Envelope.maxPayloadBytes)"
        case .importFailed(let line, let reason): "import stopped at line \(line): \(reason)"
        case .notFound(let seq): "sequence \(seq) is not in the log"
        default: "unknown"
        }
    }

    /// The sequence number an integrity error names, if any.
    public var sequence: UInt64? {
        switch self {
        case .undecodable(let s, _), .hashMismatch(let s), .previousHashMismatch(let s),
            .refusedUnverified(let s), .notFound(let s):
            s
        case .gap(let expected, _): expected
        case .headMismatch(_, let last): last
        default: nil
        }
    }
}

/// What is wrong with an LMDB data file, found before it is mapped (pages count from 0; the two
/// meta pages are 0 and 1).
public enum DataFileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no data file.
    case missing
    /// The path is a directory or a device, not a regular file.
    case notARegularFile
    /// The file has 0 bytes.
    case empty
    /// The file ends before the meta page that starts `neededBytes` in.
    case tooShort(bytes: Int, neededBytes: Int)
    /// A meta page does not start with LMDB's magic number 0xBEEFC0DE (not an LMDB file).
    case badMagic(page: Int, found: UInt32)
    /// A meta page has a data version other than LMDB 0.9's (1).
    case unsupportedVersion(page: Int, found: UInt32)
    /// A meta page's page number or flags are not those of a meta page.
    case notAMetaPage(page: Int)
    /// A meta page's page size is not a power of two in 512...65 536 bytes, or the two differ.
    case badPageSize(page: Int, found: UInt32)
    /// A meta page's last page number is impossible (below 1, or its size overflows).
    case badLastPage(page: Int, lastPage: UInt64)
    /// The file is shorter than the pages the newer meta page claims.
    case truncated(bytes: Int, neededBytes: Int, lastPage: UInt64)
    /// A database root lies outside the pages the newer meta page claims.
    case rootOutsideFile(page: Int, root: UInt64, lastPage: UInt64)

    /// What is wrong, in words, with the figures involved.
    public var description: String {
        switch self {
        case .missing: "the data file is missing"
        case .notARegularFile: "the data file is not a regular file"
        case .empty: "the data file is empty (0 bytes)"
        case .tooShort(let bytes, let needed):
            "the data file has \(bytes) bytes, too few for its meta pages (\(needed) needed)"
        case .badMagic(let page, let found):
            "meta page \(page) has magic 0x\(String(found, radix: 16)), not LMDB's 0xbeefc0de"
        case .unsupportedVersion(let page, let found):
            "meta page \(page) has data version \(found); LMDB 0.9 writes 1"
        case .notAMetaPage(let page): "page \(page) is not marked as a meta page"
        case .badPageSize(let page, let found):
            "meta page \(page) has an impossible page size \(found)"
        case .badLastPage(let page, let last):
            "meta page \(page) claims an impossible last page \(last)"
        case .truncated(let bytes, let needed, let last):
            "truncated: \(bytes) bytes, but the meta page claims pages 0…\(last) (\(needed) bytes)"
        case .rootOutsideFile(let page, let root, let last):
            "meta page \(page) puts a database root at page \(root), outside pages 0…\(last)"
        }
    }
}

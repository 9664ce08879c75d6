import Ethereum

/// Why the log refused an operation or found a problem. Integrity errors name the sequence number.
public enum EventLogError: Error, Equatable, CustomStringConvertible {
    /// LMDB returned an error (its code and message are kept).
    case storage(code: Int32, operation: String, message: String)
    case unsupportedFormat(found: UInt32, supported: UInt32)
    case undecodable(sequence: UInt64, reason: String)
    case hashMismatch(sequence: UInt64)
    case previousHashMismatch(sequence: UInt64)
    case gap(expected: UInt64, found: UInt64)
    case headMismatch(metadata: UInt64, lastEntry: UInt64)
    /// The log failed verification; appends are refused until it is repaired or re-imported.
    case refusedUnverified(firstBadSequence: UInt64)
    case batchTooLarge(events: Int, bytes: Int)
    case emptyBatch
    case payloadTooLarge(bytes: Int)
    case importFailed(line: Int, reason: String)
    case notFound(sequence: UInt64)

    public var description: String {
        switch self {
        case .storage(let code, let op, let message): "storage: \(op) failed (LMDB \(code): \(message))"
        case .unsupportedFormat(let found, let supported): "log format \(found) is not supported (this build reads \(supported))"
        case .undecodable(let seq, let reason): "sequence \(seq): undecodable entry: \(reason)"
        case .hashMismatch(let seq): "sequence \(seq): stored hash does not match keccak256(previousHash ‖ entry)"
        case .previousHashMismatch(let seq): "sequence \(seq): previous hash does not match the hash of sequence \(seq - 1)"
        case .gap(let expected, let found): "sequence gap: expected \(expected), found \(found)"
        case .headMismatch(let meta, let last): "metadata head \(meta) does not match the last entry \(last)"
        case .refusedUnverified(let seq): "the log failed verification at sequence \(seq); appends are refused until it is repaired or re-imported"
        case .batchTooLarge(let events, let bytes): "batch of \(events) events / \(bytes) bytes exceeds the limits (\(EventLog.maxBatchEvents) events, \(EventLog.maxBatchBytes) bytes)"
        case .emptyBatch: "an append needs at least one event"
        case .payloadTooLarge(let bytes): "payload of \(bytes) bytes exceeds \(Envelope.maxPayloadBytes)"
        case .importFailed(let line, let reason): "import stopped at line \(line): \(reason)"
        case .notFound(let seq): "sequence \(seq) is not in the log"
        }
    }

    /// The sequence number an integrity error names, if any.
    public var sequence: UInt64? {
        switch self {
        case .undecodable(let s, _), .hashMismatch(let s), .previousHashMismatch(let s), .refusedUnverified(let s), .notFound(let s): s
        case .gap(let expected, _): expected
        case .headMismatch(_, let last): last
        default: nil
        }
    }
}

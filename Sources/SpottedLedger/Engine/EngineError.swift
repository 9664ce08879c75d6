import Ethereum
import EventLog
import SpottedProtocol

/// Why the engine refused or failed.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A protocol rule refused action `index` of a submission; nothing was appended.
    case refused(index: Int, Refusal)
    /// Action `index` repeats the one logged at `sequence` (same chain, block, timestamp, sender
    /// and event): a retried submission. Nothing was appended.
    case duplicate(index: Int, sequence: UInt64)
    /// The log failed (storage, integrity).
    case log(EventLogError)
    /// An entry in the log is not an event this build understands, or a reducer refuses it on replay:
    /// corruption or a reducer-version mismatch.
    case corrupt(sequence: UInt64, reason: String)
    /// A submission failed with `original`, and rebuilding the state from the log then failed with
    /// `rebuild`: the engine refuses all further work with this error until the ledger is reopened.
    indirect case mustReopen(original: EngineError, rebuild: EngineError)
    /// A stored snapshot's root differs from the root replay computed at its sequence.
    case snapshotMismatch(sequence: UInt64, stored: Word, replayed: Word)
    /// The ingestor is shutting down and takes no new submissions; nothing was appended.
    case shuttingDown
    /// This engine does not hold the replicated stream's write fence, so nothing was appended:
    /// it follows the stream (`nil`), or its publish was refused because another writer's entries
    /// are at the stream's head (the ``ReplicationError/fenced(expectedLastSequence:streamLastSequence:)``
    /// it got).
    case notWriter(ReplicationError?)
    /// The replicated commit point failed or disagrees with the local log (unavailable, behind
    /// the acknowledged sequence, divergent); the error says whether the group was appended.
    case replication(ReplicationError)

    /// The error in words, with the sequence and rule it names.
    public var description: String {
        switch self {
        case .refused(let index, let refusal):
            "action \(index) \(refusal); its submission was not appended"
        case .duplicate(let index, let sequence):
            "action \(index) repeats the action logged at sequence \(sequence) (DuplicateAction); its submission was not appended"
        case .log(let error): "log: \(error)"
        case .corrupt(let sequence, let reason): "sequence \(sequence): \(reason)"
        case .mustReopen(let original, let rebuild):
            "halted after \(original), because rebuilding the state from the log failed (\(rebuild)); reopen the ledger"
        case .snapshotMismatch(let sequence, let stored, let replayed):
            "sequence \(sequence): snapshot root \(stored) ≠ replayed root \(replayed)"
        case .shuttingDown:
            "the ledger is shutting down and takes no new submissions; nothing was appended"
        case .notWriter(nil):
            "this node follows the replicated stream and is not its writer; submit to the writer. Nothing was appended"
        case .notWriter(let why?):
            "this node is no longer the writer (\(why)); nothing was appended"
        case .replication(let error): "replication: \(error)"
        }
    }

    /// The log sequence the error names, if any.
    public var sequence: UInt64? {
        switch self {
        case .refused(_, let refusal): refusal.sequence
        case .corrupt(let sequence, _), .snapshotMismatch(let sequence, _, _),
            .duplicate(_, let sequence):
            sequence
        case .mustReopen(let original, _): original.sequence
        case .log, .shuttingDown, .notWriter: nil
        case .replication(let error): error.sequence
        }
    }
}

extension EngineError {
    /// The same error naming action `index` of its submission (refusals and duplicates).
    func at(index: Int) -> EngineError {
        switch self {
        case .refused(_, let refusal): .refused(index: index, refusal)
        case .duplicate(_, let sequence): .duplicate(index: index, sequence: sequence)
        default: self
        }
    }
}

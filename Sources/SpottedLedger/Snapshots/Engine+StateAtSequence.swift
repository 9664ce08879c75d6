import EventLog
import SpottedProtocol

extension Engine {
    /// The state at `sequence`, from the nearest snapshot at or below it (its bytes must hash to its
    /// stored root) and the events after it; from genesis when there is none. Signatures are not
    /// re-checked (``SignatureReplay/trusted``): this answers queries at log speed.
    public static func state(at sequence: UInt64, in log: EventLog) throws(EngineError)
        -> LedgerState
    {
        let snapshot: Snapshot?
        do {
            snapshot = try log.latestSnapshot(atOrBelow: sequence, reducerVersion: reducerVersion)
        } catch { throw .log(error) }
        return try state(through: sequence, from: snapshot, in: log)
    }

    /// The state at `sequence`: `snapshot` (at or below it) decoded and the events after it replayed,
    /// or a replay from genesis without one. `archived` gets the archive records the replayed
    /// events finalize.
    static func state(
        through sequence: UInt64, from snapshot: Snapshot?, in log: EventLog,
        archived: ([StateArchive.Record]) -> Void = { _ in }
    ) throws(EngineError) -> LedgerState {
        guard let snapshot else {
            return try replay(log, through: sequence, signatures: .trusted, archived: archived)
        }
        return try replay(
            log, from: decode(snapshot), after: snapshot.sequence, through: sequence,
            signatures: .trusted, archived: archived)
    }
}

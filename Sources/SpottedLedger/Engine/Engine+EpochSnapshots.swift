import Ethereum
import EventLog
import SpottedProtocol

extension Engine {
    /// Whether a snapshot is due at the epoch transition at `sequence` (see ``Engine``'s snapshot policy).
    func snapshotDue(at sequence: UInt64) -> Bool {
        guard let lastSnapshot else { return true }
        let (events, overflow) = (sequence - lastSnapshot.sequence).multipliedReportingOverflow(
            by: snapshotBytesPerEvent)
        return overflow || events >= lastSnapshot.liveSize
    }

    /// Writes the current state as the snapshot at `sequence`.
    func writeSnapshot(at sequence: UInt64) throws(EngineError) {
        let bytes = state.snapshotEncoding()
        let root: (root: Word, liveBytes: Int)
        do { root = try LedgerState.snapshotRoot(of: bytes) } catch {
            preconditionFailure("a snapshot this build just wrote parses: \(error)")
        }
        do {
            try log.storeSnapshot(
                Snapshot(
                    sequence: sequence, root: root.root, reducerVersion: Self.reducerVersion,
                    data: bytes))
        } catch {
            throw .log(error)
        }
        lastSnapshot = (sequence, UInt64(root.liveBytes))
    }
}

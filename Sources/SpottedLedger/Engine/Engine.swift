import EventLog
import SpottedProtocol

/// The ledger engine: validates actions with the pure reducers, appends only what they accept,
/// and writes snapshots (state root and canonical state) at epoch transitions.
///
/// Snapshot policy: at an epoch transition, a snapshot is written when the events since the last
/// one, times ``snapshotBytesPerEvent`` (default 64), reach the last snapshot's live size — the bytes
/// a root check hashes, everything but the ``StateArchive``. Small states are snapshotted at every
/// epoch, large ones less often, so checking snapshot roots never costs more than that many hashed
/// bytes per logged event, and replay to any point starts at most
/// `live state size / snapshotBytesPerEvent` events before it.
///
/// ```swift
/// let engine = try Engine(directory: "logs/demo")
/// try engine.submit(Action(.updateStakeThreshold(5), chainId: 1, blockNumber: 9, timestamp: 0, sender: owner))
/// ```
public final class Engine {
    /// The ledger's durable log.
    public let log: EventLog
    /// The state after the last logged event.
    public internal(set) var state: LedgerState
    /// Set when a submission failed and the state could not be rebuilt from the log: every later
    /// submission is refused with ``EngineError/mustReopen(original:rebuild:)`` until the ledger is
    /// opened again, so the engine never carries on from a state the log does not hold.
    public internal(set) var halted: EngineError?
    /// Version of the reducers; snapshots written by another version are ignored.
    public static let reducerVersion: UInt32 = 6
    /// Snapshot budget in bytes per logged event (see the type's documentation).
    public let snapshotBytesPerEvent: UInt64
    var lastSnapshot: (sequence: UInt64, liveSize: UInt64)?
    /// The actions logged at each chain's latest block, with their sequences: a submission repeating
    /// one is refused (at an earlier block the reducers refuse it). Loaded from the log on first use.
    var latestBlockActions: [UInt64: (block: UInt64, actions: [Action: UInt64])]?

    /// Opens (or creates) the ledger in `directory` and brings its state up from the latest snapshot.
    ///
    /// `through` brings the state only up to that sequence (for analyses of a damaged log's intact
    /// prefix): the log is refused only when its first bad sequence is at or below it.
    public init(
        directory: String, options: EventLog.Options = EventLog.Options(),
        snapshotBytesPerEvent: UInt64 = 64, through: UInt64? = nil
    ) throws(EngineError) {
        self.snapshotBytesPerEvent = snapshotBytesPerEvent
        do { log = try EventLog(directory: directory, options: options) } catch {
            throw .log(error)
        }
        let target = min(through ?? log.head.sequence, log.head.sequence)
        if let bad = log.firstBadSequence, bad <= target {
            throw .log(.refusedUnverified(firstBadSequence: bad))
        }
        let newest: Snapshot?
        do {
            newest = try log.latestSnapshot(atOrBelow: target, reducerVersion: Self.reducerVersion)
        } catch { throw .log(error) }
        state = try Self.state(through: target, from: newest, in: log)
        if let newest {
            // Decoded just above: its archive headers parse.
            let archived = (try? StateArchive.length(ofCanonical: newest.data)) ?? 0
            lastSnapshot = (newest.sequence, UInt64(newest.data.count - archived))
        }
    }
}

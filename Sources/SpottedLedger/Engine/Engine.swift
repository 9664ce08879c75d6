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
    /// Version of the reducers and their snapshot encoding; snapshots written by another version
    /// are ignored. 7: snapshots hold the archive's hash, not its records (the records are in the
    /// log's archive store; the state root is unchanged).
    public static let reducerVersion: UInt32 = 7
    /// Snapshot budget in bytes per logged event (see the type's documentation).
    public let snapshotBytesPerEvent: UInt64
    var lastSnapshot: (sequence: UInt64, liveSize: UInt64)?
    /// The actions logged at each chain's latest block, with their sequences: a submission repeating
    /// one is refused (at an earlier block the reducers refuse it). Loaded from the log on first use.
    var latestBlockActions: [UInt64: (block: UInt64, actions: [ActionIdentity: UInt64])]?
    /// The sequence the engine was opened through (nil: the head, and it follows submissions):
    /// archive reads stop there.
    let openedThrough: UInt64?
    /// Archive records the store lacks (a ledger written before it, opened read-only), re-derived
    /// on open; empty when the store is complete.
    var archiveOverlay: [EventLog.ArchiveEntry] = []
    /// The replicated commit point this engine writes to or follows, if any (see `Replication/`).
    public internal(set) var replicated: (any ReplicatedLog)?
    /// Why the engine may not write now: set while it follows a replicated stream, after its
    /// publish was fenced, and while the stream's state is unsettled; nil when it may write.
    public internal(set) var writeRefusal: EngineError?
    /// Most entries one commit group may hold: ``Engine/maxReplicatedGroupEntries`` while
    /// replicating (a group is one atomic batch), else unbounded here (the ingestor bounds it).
    public internal(set) var maxGroupEntries = Int.max

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
        let headSequence = log.head.sequence
        openedThrough = through.map { min($0, headSequence) }
        let storedThrough: UInt64
        do { storedThrough = try log.archiveThrough() } catch { throw .log(error) }
        // Records the store lacks are re-derived by a replay from a snapshot below them.
        let newest: Snapshot?
        do {
            newest = try log.latestSnapshot(
                atOrBelow: min(target, storedThrough), reducerVersion: Self.reducerVersion)
        } catch { throw .log(error) }
        var missing = [EventLog.ArchiveEntry]()
        state = try Self.state(through: target, from: newest, in: log) { records in
            for r in records where r.sequence > storedThrough { missing.append(Engine.entry(r)) }
        }
        if storedThrough < target {
            try repairArchive(missing, through: target, storedThrough: storedThrough)
        }
        if let newest {
            // Decoded just above: its prefix parses.
            let live = (try? LedgerState.snapshotLiveBytes(of: newest.data)) ?? newest.data.count
            lastSnapshot = (newest.sequence, UInt64(live))
        }
    }
}

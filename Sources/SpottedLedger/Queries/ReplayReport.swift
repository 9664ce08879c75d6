import Ethereum
import SpottedProtocol

/// What a replay from genesis reached, and how fast.
public struct ReplayReport: Encodable, Sendable {
    /// The state root at one epoch boundary.
    public struct Boundary: Encodable, Sendable {
        /// The sequence of the epoch transition.
        public var sequence: UInt64
        /// The state root right after that transition.
        public var root: Word
    }

    /// The last sequence replayed.
    public var through: UInt64
    /// The epoch the replayed state is in.
    public var epoch: UInt32
    /// The root of the replayed state.
    public var stateRoot: Word
    /// Replay speed, in events/s.
    public var eventsPerSecond: Int
    /// Snapshot roots checked on the way.
    public var snapshotsChecked: Int
    /// How signatures were treated (``SignatureReplay/name``).
    public var signatures: String
    /// The root at every epoch boundary, when asked for.
    public var roots: [Boundary]
    /// Wall time of the replay, in seconds (shown in the table, not in the report's JSON).
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case through, epoch, stateRoot, eventsPerSecond, snapshotsChecked, signatures, roots
    }
}

extension SignatureReplay {
    /// `parallel`, `inline` or `trusted`.
    public var name: String {
        switch self {
        case .parallel: "parallel"
        case .inline: "inline"
        case .trusted: "trusted"
        }
    }
}

extension Engine {
    /// Replays the log from genesis through `sequence`, or through the end of `epoch` (before the
    /// transition to the next), default the head, checking every snapshot root; with `roots`, also
    /// lists the state root at every epoch boundary. `progress` gets the sequence reached.
    public func replayReport(
        through sequence: UInt64? = nil, epoch: UInt32? = nil,
        signatures: SignatureReplay = .allCores,
        roots: Bool = false, progress: ((UInt64) -> Void)? = nil
    ) throws(QueryError) -> ReplayReport {
        let head = log.head.sequence
        var limit = sequence ?? head
        if let epoch {
            guard epoch <= state.currentEpoch else {
                throw .badArgument(
                    field: "epoch",
                    reason:
                        "--epoch \(epoch) is out of range: the ledger reaches epoch \(state.currentEpoch)"
                )
            }
            do { limit = try Self.endOfEpoch(epoch, in: log) ?? head } catch {
                throw .engine(error)
            }
        }
        guard limit <= head else {
            throw .badArgument(
                field: "through",
                reason: "--through \(limit) is out of range: the log ends at \(head)")
        }
        var boundaries = [ReplayReport.Boundary]()
        let clock = ContinuousClock()
        let start = clock.now
        let replayed: LedgerState
        let snapshots: Int
        do throws(EngineError) {
            replayed = try Self.replay(
                log, through: limit, signatures: signatures, progress: progress,
                epochEnd: roots ? { boundaries.append(.init(sequence: $0, root: $1.root)) } : nil)
            do { snapshots = try log.snapshotSequences().filter { $0 <= limit }.count } catch {
                throw .log(error)
            }
        } catch {
            throw .engine(error)
        }
        let elapsed = clock.now - start
        let seconds = max(
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            1e-6)
        return ReplayReport(
            through: limit, epoch: replayed.currentEpoch, stateRoot: replayed.root,
            eventsPerSecond: Int(min(Double(limit) / seconds, 1e15)), snapshotsChecked: snapshots,
            signatures: signatures.name, roots: boundaries, seconds: seconds)
    }
}

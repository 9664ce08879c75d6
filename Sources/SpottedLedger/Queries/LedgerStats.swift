import Ethereum
import EventLog
import SpottedProtocol

/// Counts of what a ledger holds.
public struct LedgerStatsReport: Encodable, Sendable {
    /// Events in the log.
    public var events: UInt64
    /// The hash of the last entry.
    public var headHash: Word
    /// The root of the state after the last event.
    public var stateRoot: Word
    /// The epoch the state is in after the last event.
    public var currentEpoch: UInt32
    /// Operators registered in the stake registry.
    public var operatorsRegistered: Int
    /// Destination chains with a replica registry.
    public var replicas: Int
    /// Stored snapshots.
    public var snapshots: Int
    /// Challenges submitted to the dispute resolver.
    public var challenges: Int
    /// Forfeited bonds, in wei.
    public var treasury: UInt256
    /// Events by kind name, in event-code order.
    public var byKind: OrderedFields<UInt64>
}

extension Engine {
    /// Counts of the log's events by kind and of the state's operators, replicas and disputes.
    public func stats() throws(QueryError) -> LedgerStatsReport {
        var byKind = [UInt16: UInt64]()
        let snapshots: Int
        do throws(EventLogError) {
            try log.scan { e in
                byKind[e.record.kind, default: 0] += 1
                return true
            }
            snapshots = try log.snapshotSequences().count
        } catch {
            throw .engine(.log(error))
        }
        let kinds = byKind.keys.sorted().map {
            (EventCodec.name(of: $0) ?? "kind-\($0)", byKind[$0] ?? 0)
        }
        return LedgerStatsReport(
            events: log.head.sequence, headHash: log.head.hash, stateRoot: state.root,
            currentEpoch: state.currentEpoch,
            operatorsRegistered: state.stakeRegistry.totalOperators, replicas: state.replicas.count,
            snapshots: snapshots,
            challenges: state.stateDisputeResolver.challenges.count
                + state.stateDisputeResolver.resolvedChallengeIds.count,
            treasury: state.stateDisputeResolver.treasuryWei, byKind: OrderedFields(kinds))
    }
}

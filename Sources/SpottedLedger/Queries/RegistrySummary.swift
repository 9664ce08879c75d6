import Ethereum
import SpottedProtocol

/// The main registry as seen at one epoch: operators, keys, weights, totals.
public struct RegistrySummaryReport: Encodable, Sendable {
    /// One operator as the registry sees it at the epoch.
    public struct Operator: Encodable, Sendable {
        /// The operator's address.
        public var `operator`: Address
        /// It is registered at the epoch.
        public var registered: Bool
        /// The signing key in force at the epoch.
        public var signingKey: Address
        /// Its p2p key.
        public var p2pKey: Address
        /// Its stake weight at the epoch.
        public var weight: UInt256
    }

    /// The epoch shown.
    public var epoch: UInt32
    /// The ledger's current epoch.
    public var currentEpoch: UInt32
    /// The root of the ledger's current state.
    public var stateRoot: Word
    /// The root of the registry view at `epoch` (what replicas are compared by).
    public var registryRoot: Word
    /// The summed weight of the registered operators.
    public var totalWeight: UInt256
    /// The weight signatures must reach.
    public var threshold: UInt256
    /// The minimum weight in force at `epoch` (an operator below it counts as zero).
    public var minimumWeight: UInt256
    /// The operators, in address order.
    public var operators: [Operator]
    /// The resolver's bond balances and treasury (the ledger's latest, whatever the epoch).
    public var balances: ClaimableBalances
}

extension Engine {
    /// The main registry at `epoch` (default: the current one; at most two epochs ahead).
    public func registrySummary(at epoch: UInt32? = nil) throws(QueryError) -> RegistrySummaryReport
    {
        let s = state
        let at = epoch ?? s.currentEpoch
        guard at <= s.currentEpoch + 2 else {
            throw .badArgument(
                field: "epoch",
                reason: "--epoch \(at) is out of range: the ledger is in epoch \(s.currentEpoch)")
        }
        let view = s.stakeRegistry.view(at: at)
        let operators = view.operators.keys.sorted().compactMap { op in
            view.operators[op].map {
                RegistrySummaryReport.Operator(
                    operator: op, registered: $0.registered, signingKey: $0.signingKey,
                    p2pKey: $0.p2pKey, weight: $0.weight)
            }
        }
        return RegistrySummaryReport(
            epoch: at, currentEpoch: s.currentEpoch, stateRoot: s.root, registryRoot: view.root,
            totalWeight: view.totalWeight, threshold: view.threshold,
            minimumWeight: view.minimumWeight,
            operators: operators, balances: ClaimableBalances(s))
    }
}

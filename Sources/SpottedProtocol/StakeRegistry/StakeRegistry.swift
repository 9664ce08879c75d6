import Ethereum

/// What an ECDSAStakeRegistry keeps for one operator.
public struct OperatorRecord: Hashable, Sendable {
    /// Whether the operator is registered now.
    public var registered = false
    /// Registration status by effective epoch (for views and diffs of a past epoch).
    public var status = EpochCheckpoints<Bool>()
    /// Signing key by effective epoch.
    public var signingKey = EpochCheckpoints<Address>()
    /// P2P key by effective epoch.
    public var p2pKey = EpochCheckpoints<Address>()
    /// Weight by effective epoch.
    public var weight = EpochCheckpoints<UInt256>()
    /// An operator the registry has never seen.
    public init() {}
}

/// An ECDSAStakeRegistry: operators, keys, weights, threshold and quorum, each value
/// checkpointed by the epoch it takes effect in. The main chain's registry and every
/// LightStakeRegistry keep this shape.
public struct StakeRegistry: Hashable, Sendable {
    /// The live quorum used to compute weights.
    public internal(set) var quorum = Quorum(strategies: [])
    /// The quorum by effective epoch.
    public internal(set) var quorumHistory = EpochCheckpoints<Quorum>()
    /// The live minimum weight.
    public internal(set) var minimumWeight = UInt256.zero
    /// The minimum weight by effective epoch.
    public internal(set) var minimumWeightHistory = EpochCheckpoints<UInt256>()
    /// Operators registered now.
    public internal(set) var totalOperators = 0
    /// Every operator the registry has seen.
    public internal(set) var operators: [Address: OperatorRecord] = [:]
    /// signingKey → operator, for every key an operator ever used (D5).
    public internal(set) var signingKeyOperator: [Address: Address] = [:]
    /// Total weight by effective epoch.
    public internal(set) var totalWeight = EpochCheckpoints<UInt256>()
    /// Threshold weight by effective epoch.
    public internal(set) var threshold = EpochCheckpoints<UInt256>()

    /// An empty registry.
    public init() {}

    /// `initialize(threshold, quorum)` with the deployment's values, in force from epoch 0.
    init(initializedWith g: LedgerGenesis, sequence: UInt64) {
        quorum = g.quorum
        quorumHistory.push(g.quorum, epoch: 0, sequence: sequence)
        minimumWeight = g.minimumWeight
        minimumWeightHistory.push(g.minimumWeight, epoch: 0, sequence: sequence)
        threshold.push(g.thresholdWeight, epoch: 0, sequence: sequence)
        totalWeight.push(.zero, epoch: 0, sequence: sequence)
    }

    /// `operatorRegistered(op)`.
    public func isRegistered(_ op: Address) -> Bool { operators[op]?.registered ?? false }

    /// `getOperatorSigningKeyAtEpoch`; zero when none is in force.
    public func signingKey(of op: Address, at epoch: UInt32) -> Address {
        operators[op]?.signingKey.value(at: epoch) ?? .zero
    }

    /// Whether `op` is registered and its signing key at `epoch` (zero when none), in one lookup.
    func responder(_ op: Address, at epoch: UInt32) -> (registered: Bool, signingKey: Address) {
        guard let record = operators[op] else { return (false, .zero) }
        return (record.registered, record.signingKey.value(at: epoch) ?? .zero)
    }

    /// `getOperatorWeightAtEpoch`.
    public func weight(of op: Address, at epoch: UInt32) -> UInt256 {
        operators[op]?.weight.value(at: epoch) ?? .zero
    }

    /// `getLastCheckpointOperatorWeight`.
    public func latestWeight(of op: Address) -> UInt256 { operators[op]?.weight.latest ?? .zero }
}

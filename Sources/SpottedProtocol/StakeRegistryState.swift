import Ethereum

/// What the ECDSAStakeRegistry keeps for one operator.
public struct OperatorRecord: Hashable, Sendable {
    public var registered = false
    /// Registration status by effective epoch (for views and diffs of a past epoch).
    public var status = EpochCheckpoints<Bool>()
    public var signingKey = EpochCheckpoints<Address>()
    public var p2pKey = EpochCheckpoints<Address>()
    public var weight = EpochCheckpoints<UInt256>()
    public init() {}
}

/// The main-chain ECDSAStakeRegistry: operators, keys, weights, threshold and quorum, each
/// value checkpointed by the epoch it takes effect in.
public struct StakeRegistryState: Hashable, Sendable {
    /// The live quorum used to compute weights, and its history by effective epoch.
    public var quorum = Quorum(strategies: [])
    public var quorumHistory = EpochCheckpoints<Quorum>()
    public var minimumWeight = UInt256.zero
    public var minimumWeightHistory = EpochCheckpoints<UInt256>()
    public var totalOperators = 0
    public var operators: [Address: OperatorRecord] = [:]
    /// signingKey → operator, for every key an operator ever used (D5).
    public var signingKeyOperator: [Address: Address] = [:]
    public var totalWeight = EpochCheckpoints<UInt256>()
    public var threshold = EpochCheckpoints<UInt256>()

    public init() {}

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

    public func weight(of op: Address, at epoch: UInt32) -> UInt256 {
        operators[op]?.weight.value(at: epoch) ?? .zero
    }

    public func latestWeight(of op: Address) -> UInt256 { operators[op]?.weight.latest ?? .zero }
}

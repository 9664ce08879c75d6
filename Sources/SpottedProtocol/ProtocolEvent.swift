import Ethereum

/// The operator's AVSDirectory registration signature (`SignatureWithSaltAndExpiry`).
public struct RegistrationSignature: Hashable, Sendable {
    public var signature: [UInt8]
    public var salt: Word
    public var expiry: UInt256
    public init(signature: [UInt8], salt: Word, expiry: UInt256) { self.signature = signature; self.salt = salt; self.expiry = expiry }
}

/// One strategy's shares of an operator, as DelegationManager reports them.
public struct StrategyShares: Hashable, Sendable {
    public var strategy: Address
    public var shares: UInt256
    public init(strategy: Address, shares: UInt256) { self.strategy = strategy; self.shares = shares }
}

/// Every action the ledger records. `msg.sender`, chain and block come with the ``EventContext``.
public enum ProtocolEvent: Hashable, Sendable {
    /// The ledger's parameters; must be the first event, on the main chain at the genesis block.
    case genesis(LedgerGenesis)
    /// Marks the start of main-chain epoch `epoch` (one more than the current one).
    case epochTransition(epoch: UInt32)
    /// DelegationManager input: the operator's shares in the listed strategies (set, not added).
    /// The first such event makes the address an EigenLayer operator.
    case setOperatorShares(operator: Address, shares: [StrategyShares])
    /// `registerOperatorWithSignature(sig, signingKey, p2pKey)`, sent by the operator.
    case registerOperator(signature: RegistrationSignature, signingKey: Address, p2pKey: Address)
    /// `deregisterOperator()`, sent by the operator.
    case deregisterOperator
    /// `updateOperatorSigningKey(key)`, sent by the operator.
    case updateOperatorSigningKey(Address)
    /// `updateOperatorP2pKey(key)`, sent by the operator.
    case updateOperatorP2pKey(Address)
    /// `updateOperators(operators)`, anyone.
    case updateOperators([Address])
    /// `updateOperatorsForQuorum(operatorsPerQuorum, bytes)`, anyone.
    case updateOperatorsForQuorum([[Address]])
    /// `updateQuorumConfig(quorum, operators)`, owner.
    case updateQuorumConfig(Quorum, operators: [Address])
    /// `updateMinimumWeight(weight, operators)`, owner.
    case updateMinimumWeight(UInt256, operators: [Address])
    /// `updateStakeThreshold(weight)`, owner.
    case updateStakeThreshold(UInt256)
    /// AVSDirectory `cancelSalt(salt)`, sent by the operator.
    case cancelSalt(Word)
}

/// Upper bounds on what one event may carry; checked where data enters.
public enum ProtocolLimits {
    public static let maxOperatorsPerEvent = 2_000
    public static let maxStrategiesPerEvent = 64
    public static let maxQuorumLists = 16
}

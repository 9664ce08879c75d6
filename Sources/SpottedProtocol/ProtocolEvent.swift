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

    // MARK: Cross-chain sync (main chain)
    /// RegistryStateSender `addBridge(chainId, bridge, receiver)`, owner.
    case addBridge(chainId: UInt64, bridge: Address, receiver: Address)
    /// RegistryStateSender `modifyBridge(chainId, bridge, receiver)`, owner.
    case modifyBridge(chainId: UInt64, bridge: Address, receiver: Address)
    /// RegistryStateSender `removeBridge(chainId)`, owner.
    case removeBridge(chainId: UInt64)
    /// EpochManager `sendStateUpdates(chainId)` with `value` paid, anyone: sends batch e+1 during epoch e.
    case sendStateUpdates(chainId: UInt64, value: UInt256)

    // MARK: Cross-chain sync (destination chains)
    /// Deploys a light registry and its receiver on the event's chain, owner. Initialized with the
    /// genesis threshold and quorum, as the main registry was.
    case initializeReplica(abridge: Address, receiver: Address)
    /// The Abridge on the event's chain delivers a message (`msg.sender` = that Abridge).
    case deliverMessage(BridgeDelivery)
}

/// What the destination Abridge hands to `handleMessage(from, message, guid)`.
public struct BridgeDelivery: Hashable, Sendable {
    public var guid: Word
    public var from: Address
    public var to: Address
    public var payload: [UInt8]
    public init(guid: Word, from: Address, to: Address, payload: [UInt8]) {
        self.guid = guid; self.from = from; self.to = to; self.payload = payload
    }
}

/// Upper bounds on what one event may carry; checked where data enters.
public enum ProtocolLimits {
    public static let maxOperatorsPerEvent = 2_000
    public static let maxStrategiesPerEvent = 64
    public static let maxQuorumLists = 16
    /// Largest bridge payload accepted for delivery, and most updates one batch may carry.
    public static let maxPayloadBytes = 4 << 20
    public static let maxUpdatesPerBatch = 50_000
}

import Ethereum

/// The operator's AVSDirectory registration signature (`SignatureWithSaltAndExpiry`).
public struct RegistrationSignature: Hashable, Sendable {
    /// The 65-byte ECDSA signature over the AVSDirectory registration digest.
    public var signature: [UInt8]
    /// The salt of the digest; a used or cancelled salt is refused.
    public var salt: Word
    /// The digest's expiry, a Unix timestamp in seconds.
    public var expiry: UInt256
    /// Creates a registration signature from its three fields.
    public init(signature: [UInt8], salt: Word, expiry: UInt256) {
        self.signature = signature
        self.salt = salt
        self.expiry = expiry
    }
}

/// One strategy's shares of an operator, as DelegationManager reports them.
public struct StrategyShares: Hashable, Sendable {
    /// The strategy contract the shares are held in.
    public var strategy: Address
    /// The operator's shares in that strategy (raw token units).
    public var shares: UInt256
    /// Creates one strategy's shares.
    public init(strategy: Address, shares: UInt256) {
        self.strategy = strategy
        self.shares = shares
    }
}

/// Every action the ledger records. `msg.sender`, chain and block come with the ``EventContext``.
/// The large, rare cases are `indirect` so that the frequent ones (responses, tasks, values) move
/// as small values through decode and reduce.
public enum ProtocolEvent: Hashable, Sendable {
    /// The ledger's parameters; must be the first event, on the main chain at the genesis block.
    indirect case genesis(LedgerGenesis)
    /// Marks the start of main-chain epoch `epoch` (one more than the current one).
    case epochTransition(epoch: UInt32)
    /// DelegationManager input: the operator's shares in the listed strategies (set, not added).
    /// The first such event makes the address an EigenLayer operator.
    case setOperatorShares(operator: Address, shares: [StrategyShares])
    /// `registerOperatorWithSignature(sig, signingKey, p2pKey)`, sent by the operator.
    indirect case registerOperator(
        signature: RegistrationSignature, signingKey: Address, p2pKey: Address)
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
    /// The Abridge on the event's chain delivers a message (`msg.sender` = that Abridge). On a
    /// destination chain it goes to the RegistryStateReceiver, on the main chain to the MainChainVerifier.
    case deliverMessage(BridgeDelivery)

    // MARK: StateManager (every chain; `msg.sender` is the user)
    /// StateManager `setValue(key, value)`: appends `value` to the sender's history of `key`.
    case setValue(key: UInt256, value: UInt256)
    /// StateManager `batchSetValues(params)`: `setValue` for each pair, all or nothing.
    case batchSetValues([KeyValue])

    // MARK: Tasks and signed responses (main chain)
    /// The task generator asks for the value of a slot; its id is the slot's task id.
    case createTask(StateSlot)
    /// An operator answers with a value and its signing key's signature over the `State` digest.
    case respondToTask(taskId: Word, value: UInt256, signature: [UInt8])

    // MARK: Verification
    /// Deploys the RemoteChainVerifier on the event's (destination) chain, owner.
    case deployRemoteVerifier(Address)
    /// MainChainVerifier `setRemoteVerifier(chainId, verifier)`, owner.
    case setRemoteVerifier(chainId: UInt64, verifier: Address)
    /// RemoteChainVerifier `verifyState(user, key, blockNumber)` on the event's chain, with `value` paid.
    case verifyState(user: Address, key: UInt256, blockNumber: UInt64, value: UInt256)

    // MARK: StateDisputeResolver and slashing (main chain)
    /// StateDisputeResolver `setOperatorSetId(id)`, owner: the operator set slashed when a
    /// challenge succeeds.
    case setOperatorSetId(UInt32)
    /// StateDisputeResolver `setSlashableStrategies(strategies)`, owner.
    case setSlashableStrategies([Address])
    /// StateDisputeResolver `setSlashAmount(wad)`, owner: the share slashed, in WAD (1e18 = 100 %).
    case setSlashAmount(UInt256)
    /// A challenge of a signed claim, with the bond paid.
    indirect case submitChallenge(claim: StateClaim, signatures: [[UInt8]], bond: UInt256)
    /// StateDisputeResolver `resolveChallenge(challengeId)`, anyone: settles a challenge against
    /// the verified state.
    case resolveChallenge(Word)
    /// Withdraws the sender's claimable balance (refunded bonds).
    case claim

    // MARK: Rewards (main chain, owner as rewards initiator)
    /// Splits `amount` among operators for `epoch` by weight × accepted responses and records a
    /// RewardsCoordinator `createAVSRewardsSubmission`.
    case submitRewards(
        epoch: UInt32, token: Address, amount: UInt256, startTimestamp: UInt32, duration: UInt32)
}

/// One `SetValueParams{key, value}`.
public struct KeyValue: Hashable, Sendable {
    /// The StateManager key.
    public var key: UInt256
    /// The value to store under `key`.
    public var value: UInt256
    /// Creates one key–value pair.
    public init(key: UInt256, value: UInt256) {
        self.key = key
        self.value = value
    }
}

/// The slot a task asks about (a `StateClaim` without its value).
public struct StateSlot: Hashable, Sendable {
    /// The user whose StateManager value is asked for.
    public var user: Address
    /// The chain the value lives on.
    public var chainId: UInt32
    /// The block number at which the value is asked for.
    public var blockNumber: UInt64
    /// The timestamp (Unix seconds) at which the value is asked for.
    public var timestamp: UInt64
    /// The StateManager key.
    public var key: UInt256
    /// Creates a slot from its five fields.
    public init(
        user: Address, chainId: UInt32, blockNumber: UInt64, timestamp: UInt64, key: UInt256
    ) {
        self.user = user
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.key = key
    }
    /// The claim that this slot holds `value`.
    public func claim(_ value: UInt256) -> StateClaim {
        StateClaim(unchecked: self, value: value)
    }
}

/// What the destination Abridge hands to `handleMessage(from, message, guid)`.
public struct BridgeDelivery: Hashable, Sendable {
    /// The Abridge message id, unique per sent message.
    public var guid: Word
    /// The sender on the source chain (the RegistryStateSender or a RemoteChainVerifier).
    public var from: Address
    /// The receiving contract on this chain.
    public var to: Address
    /// The message bytes, as sent.
    public var payload: [UInt8]
    /// Creates a delivery from its four fields.
    public init(guid: Word, from: Address, to: Address, payload: [UInt8]) {
        self.guid = guid
        self.from = from
        self.to = to
        self.payload = payload
    }
}

extension ProtocolEvent {
    /// The event's kind in the ``EventKind`` table.
    public var kind: EventKind {
        switch self {
        case .genesis: .genesis
        case .epochTransition: .epochTransition
        case .setOperatorShares: .setOperatorShares
        case .registerOperator: .registerOperator
        case .deregisterOperator: .deregisterOperator
        case .updateOperatorSigningKey: .updateOperatorSigningKey
        case .updateOperatorP2pKey: .updateOperatorP2pKey
        case .updateOperators: .updateOperators
        case .updateOperatorsForQuorum: .updateOperatorsForQuorum
        case .updateQuorumConfig: .updateQuorumConfig
        case .updateMinimumWeight: .updateMinimumWeight
        case .updateStakeThreshold: .updateStakeThreshold
        case .cancelSalt: .cancelSalt
        case .addBridge: .addBridge
        case .modifyBridge: .modifyBridge
        case .removeBridge: .removeBridge
        case .sendStateUpdates: .sendStateUpdates
        case .initializeReplica: .initializeReplica
        case .deliverMessage: .deliverMessage
        case .setValue: .setValue
        case .batchSetValues: .batchSetValues
        case .createTask: .createTask
        case .respondToTask: .respondToTask
        case .deployRemoteVerifier: .deployRemoteVerifier
        case .setRemoteVerifier: .setRemoteVerifier
        case .verifyState: .verifyState
        case .setOperatorSetId: .setOperatorSetId
        case .setSlashableStrategies: .setSlashableStrategies
        case .setSlashAmount: .setSlashAmount
        case .submitChallenge: .submitChallenge
        case .resolveChallenge: .resolveChallenge
        case .claim: .claim
        case .submitRewards: .submitRewards
        }
    }
}

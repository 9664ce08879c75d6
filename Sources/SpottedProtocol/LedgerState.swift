import Ethereum

/// Everything the reducers derive from the log. A value type: reducing the same events gives
/// the same state, and ``root`` hashes its canonical encoding.
public struct LedgerState: Hashable, Sendable {
    public var genesis: LedgerGenesis?
    public var clock: EpochClock?
    /// The resolver's EIP-712 domain separator, under which every `State` claim is signed: derived
    /// from the genesis once (not encoded), instead of four hashes per signature.
    public internal(set) var resolverDomainSeparator = Word.zero
    /// The main-chain epoch whose transition event was the last one recorded.
    public var currentEpoch: UInt32 = 0
    /// Last block number seen per chain; block numbers never go backwards on a chain.
    public var lastBlock = ChainBlocks()
    /// DelegationManager: operator → strategy → shares. Presence marks an EigenLayer operator.
    public var shares: [Address: [Address: UInt256]] = [:]
    /// AVSDirectory: operators registered to the AVS, and spent (operator, salt) pairs.
    public var avsRegistered: Set<Address> = []
    public var spentSalts: Set<OperatorSalt> = []
    public var registry = StakeRegistryState()
    /// EpochManager: updates queued for each effective epoch.
    public var queue: [UInt32: [StateUpdate]] = [:]
    /// RegistryStateSender: bridge and receiver per destination chain.
    public var bridges: [UInt64: BridgeRoute] = [:]
    /// Batches sent, by (epoch, chain), with their message guid; batches that can no longer be sent.
    public var sentBatches: [BatchKey: Word] = [:]
    public var missedBatches: Set<BatchKey> = []
    /// Every bridge message ever sent, by guid, and the next nonce per destination chain.
    public var messages: [Word: BridgeMessage] = [:]
    public var bridgeNonces: [UInt64: UInt64] = [:]
    /// The light registry of each destination chain.
    public var replicas: [UInt64: ReplicaState] = [:]
    /// StateManager histories on every chain.
    public var histories: [HistoryKey: [History]] = [:]
    /// Tasks by id, and responses accepted per (epoch, operator) for rewards.
    public var tasks: [Word: TaskRecord] = [:]
    public var acceptedResponses: [EpochOperator: UInt64] = [:]
    /// RemoteChainVerifier per destination chain; MainChainVerifier's authorized verifier per chain.
    public var remoteVerifierContracts: [UInt64: Address] = [:]
    public var remoteVerifiers: [UInt64: Address] = [:]
    public var verifierGuids: Set<Word> = []
    /// MainChainVerifier's verified states, keyed by the source chain (D7).
    public var verifiedStates: [VerifiedKey: VerifiedState] = [:]
    /// StateDisputeResolver: configuration, challenges, balances.
    public var slashing = SlashingConfig()
    /// Challenges by id; a resolved one is also in ``archive`` and never changes again.
    public internal(set) var challenges: [Word: Challenge] = [:]
    public var claimable: [Address: UInt256] = [:]
    public var claimed: [Address: UInt256] = [:]
    /// Forfeited bonds (D11).
    public var treasury = UInt256.zero
    /// AllocationManager magnitudes: operator → strategy → magnitude (absent: full).
    public var magnitudes: [Address: [Address: Magnitude]] = [:]
    /// RewardsCoordinator submissions by epoch (each also in ``archive``).
    public internal(set) var rewards: [UInt32: RewardsRecord] = [:]
    public var rewardsNonce: UInt64 = 0
    /// The running hash of the resolved challenges and rewards submissions (see ``StateArchive``).
    public internal(set) var archive = StateArchive()

    public init() {}

    public struct OperatorSalt: Hashable, Sendable {
        public var `operator`: Address
        public var salt: Word
        public init(operator: Address, salt: Word) { self.operator = `operator`; self.salt = salt }
    }
}

extension LedgerState {
    /// Applies one event, or refuses it and leaves the state exactly as it was.
    ///
    /// Every handler checks all of its rules before its first write, so a refusal never leaves a
    /// partial change behind.
    public mutating func reduce(_ event: ProtocolEvent, _ context: EventContext) throws(Refusal) {
        do {
            try reduceChecked(event, context)
        } catch {
            throw Refusal(error, sequence: context.sequence)
        }
    }

    private mutating func reduceChecked(_ event: ProtocolEvent, _ ctx: EventContext) throws(ProtocolError) {
        if case .genesis(let parameters) = event {
            try applyGenesis(parameters, ctx)
            return
        }
        guard let genesis, let clock else { throw .genesisMissing }
        if let last = lastBlock[ctx.chainId], ctx.blockNumber < last {
            throw .blockNumberDecreased(chainId: ctx.chainId, last: last, got: ctx.blockNumber)
        }
        if ctx.chainId != genesis.mainChainId {
            try reduceOnDestinationChain(event, ctx, genesis)
            lastBlock[ctx.chainId] = ctx.blockNumber
            return
        }
        let epoch: UInt32
        do { epoch = try clock.epoch(at: ctx.blockNumber) } catch { throw .blockBeforeGenesis(block: ctx.blockNumber, genesis: clock.genesisBlock) }

        if case .epochTransition(let next) = event {
            guard next == currentEpoch + 1 else {
                throw .invalidEpochTransition("transition to epoch \(next) after epoch \(currentEpoch); expected \(currentEpoch + 1)")
            }
            guard epoch == next else {
                throw .invalidEpochTransition("block \(ctx.blockNumber) is in epoch \(epoch), not \(next)")
            }
            currentEpoch = next
            recordMissedBatches(enteringEpoch: next)
            retireTasks(expiredBefore: ctx.blockNumber)
            queue = queue.filter { $0.key > next }  // batches up to `next` can no longer be sent
            lastBlock[ctx.chainId] = ctx.blockNumber
            return
        }
        guard epoch == currentEpoch else { throw .epochTransitionMissing(expected: epoch, block: ctx.blockNumber) }
        // The effective epoch of a write made at this block (checked above: the block is valid).
        let effective = (try? clock.effectiveEpoch(at: ctx.blockNumber)) ?? epoch + 1

        switch event {
        case .genesis, .epochTransition:
            preconditionFailure("handled above")
        case .initializeReplica, .deployRemoteVerifier, .verifyState:
            throw .wrongChain(expected: 0, got: ctx.chainId)
        case .deliverMessage(let delivery):
            try deliverVerification(delivery, ctx, genesis)
        case .setValue(let key, let value):
            try setValues([KeyValue(key: key, value: value)], ctx)
        case .batchSetValues(let items):
            try setValues(items, ctx)
        case .createTask(let slot):
            try createTask(slot, ctx, genesis)
        case .respondToTask(let taskId, let value, let signature):
            try respond(taskId: taskId, value: value, signature: signature, ctx)
        case .setRemoteVerifier(let chainId, let verifier):
            try setRemoteVerifier(chainId, verifier, ctx, genesis)
        case .setOperatorSetId(let id):
            try requireOwner(ctx, genesis)
            slashing.operatorSetId = id
        case .setSlashableStrategies(let strategies):
            try setSlashableStrategies(strategies, ctx, genesis)
        case .setSlashAmount(let wad):
            try setSlashAmount(wad, ctx, genesis)
        case .submitChallenge(let claim, let signatures, let bond):
            try submitChallenge(claim, signatures, bond: bond, ctx, genesis)
        case .resolveChallenge(let id):
            try resolveChallenge(id, ctx, effective: effective)
        case .claim:
            try claimFunds(ctx)
        case .submitRewards(let epoch, let token, let amount, let start, let duration):
            try submitRewards(epoch: epoch, token: token, amount: amount, start: start, duration: duration, ctx, genesis)
        case .setOperatorShares(let op, let list):
            try setShares(op, list)
        case .registerOperator(let signature, let signingKey, let p2pKey):
            try register(signature, signingKey: signingKey, p2pKey: p2pKey, ctx, genesis: genesis, effective: effective)
        case .deregisterOperator:
            try deregister(ctx, effective: effective)
        case .updateOperatorSigningKey(let key):
            try updateSigningKey(key, ctx, effective: effective)
        case .updateOperatorP2pKey(let key):
            try updateP2pKey(key, ctx, effective: effective)
        case .updateOperators(let ops):
            try refreshAndQueue(ops, type: .updateOperators, ctx, effective: effective)
        case .updateOperatorsForQuorum(let perQuorum):
            guard let first = perQuorum.first else { throw .invalidLength }
            guard perQuorum.count <= ProtocolLimits.maxQuorumLists else {
                throw .tooManyItems(field: "operatorsPerQuorum", count: perQuorum.count, limit: ProtocolLimits.maxQuorumLists)
            }
            guard first.count == registry.totalOperators else {
                throw .mustUpdateAllOperators(expected: registry.totalOperators, got: first.count)
            }
            try refreshAndQueue(first, type: .updateOperatorsForQuorum, ctx, effective: effective)
        case .updateQuorumConfig(let quorum, let ops):
            try requireOwner(ctx, genesis)
            try quorum.validate()
            try refreshAndQueue(ops, type: .updateQuorum, ctx, effective: effective, newQuorum: quorum)
        case .updateMinimumWeight(let minimum, let ops):
            try requireOwner(ctx, genesis)
            try refreshAndQueue(ops, type: .updateMinWeight, ctx, effective: effective, newMinimum: minimum)
        case .updateStakeThreshold(let threshold):
            try requireOwner(ctx, genesis)
            registry.threshold.push(threshold, epoch: effective, sequence: ctx.sequence)
            enqueue(.updateThreshold, StateUpdatePayload.threshold(threshold), ctx, effective: effective)
        case .cancelSalt(let salt):
            spentSalts.insert(OperatorSalt(operator: ctx.sender, salt: salt))
        case .addBridge(let chainId, let bridge, let receiver):
            try addBridge(chainId, bridge: bridge, receiver: receiver, ctx, genesis)
        case .modifyBridge(let chainId, let bridge, let receiver):
            try modifyBridge(chainId, bridge: bridge, receiver: receiver, ctx, genesis)
        case .removeBridge(let chainId):
            try removeBridge(chainId, ctx, genesis)
        case .sendStateUpdates(let chainId, let value):
            try sendStateUpdates(chainId, value: value, ctx, genesis)
        }
        lastBlock[ctx.chainId] = ctx.blockNumber
    }

    /// Events on a destination chain: replica, bridge delivery, StateManager, RemoteChainVerifier.
    private mutating func reduceOnDestinationChain(_ event: ProtocolEvent, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        switch event {
        case .initializeReplica(let abridge, let receiver):
            try initializeReplica(abridge: abridge, receiver: receiver, ctx, genesis)
        case .deliverMessage(let delivery):
            try deliver(delivery, ctx)
        case .setValue(let key, let value):
            try setValues([KeyValue(key: key, value: value)], ctx)
        case .batchSetValues(let items):
            try setValues(items, ctx)
        case .deployRemoteVerifier(let address):
            try deployRemoteVerifier(address, ctx, genesis)
        case .verifyState(let user, let key, let blockNumber, let value):
            try verifyState(user: user, key: key, blockNumber: blockNumber, value: value, ctx, genesis)
        default:
            throw .wrongChain(expected: genesis.mainChainId, got: ctx.chainId)
        }
    }

    private mutating func applyGenesis(_ g: LedgerGenesis, _ ctx: EventContext) throws(ProtocolError) {
        guard genesis == nil else { throw .genesisAlreadySet }
        guard ctx.chainId == g.mainChainId else { throw .wrongChain(expected: g.mainChainId, got: ctx.chainId) }
        guard ctx.blockNumber == g.genesisBlock else {
            throw .invalidGenesis("genesis event at block \(ctx.blockNumber), but genesisBlock is \(g.genesisBlock)")
        }
        let clock = try g.clock()
        try g.quorum.validate()
        // The initial configuration is in force from epoch 0 (the contracts' initialize()).
        genesis = g
        self.clock = clock
        resolverDomainSeparator = g.resolverDomain.separator
        registry.quorum = g.quorum
        registry.quorumHistory.push(g.quorum, epoch: 0, sequence: ctx.sequence)
        registry.minimumWeight = g.minimumWeight
        registry.minimumWeightHistory.push(g.minimumWeight, epoch: 0, sequence: ctx.sequence)
        registry.threshold.push(g.thresholdWeight, epoch: 0, sequence: ctx.sequence)
        registry.totalWeight.push(.zero, epoch: 0, sequence: ctx.sequence)
        slashing.slashAmount = g.slashAmount
        lastBlock[ctx.chainId] = ctx.blockNumber
    }

    private func requireOwner(_ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
    }

    mutating func enqueue(_ type: MessageType, _ data: [UInt8], _ ctx: EventContext, effective: UInt32) {
        queue[effective, default: []].append(StateUpdate(type: type, data: data, sequence: ctx.sequence))
    }
}

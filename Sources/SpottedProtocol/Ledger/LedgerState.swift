import Ethereum

/// Everything the reducers derive from the log: one state slice per contract of the original
/// system, and what the ledger itself keeps (genesis, clock, last block per chain, archive hash).
///
/// A value type, read-only to clients: reducing the same events gives the same state, and
/// ``root`` hashes its canonical encoding. Only ``reduce(_:_:)`` changes it; it routes each event
/// to the contract that owns it (``EventKind/contract``) and applies the effects that contract
/// returns to the others.
public struct LedgerState: Hashable, Sendable {
    /// The ledger's parameters, from its first event.
    public internal(set) var genesis: LedgerGenesis?
    /// The epoch clock the genesis defines.
    public internal(set) var clock: EpochClock?
    /// The resolver's EIP-712 domain separator, under which every `State` claim is signed: derived
    /// from the genesis once (not encoded), instead of four hashes per signature.
    public internal(set) var resolverDomainSeparator = Word.zero
    /// Last block number seen per chain; block numbers never go backwards on a chain.
    public internal(set) var lastBlock = ChainBlocks()
    /// EpochManager: the current epoch, queued updates, sent and missed batches.
    public internal(set) var epochManager = EpochManager()
    /// DelegationManager: operator shares.
    public internal(set) var delegationManager = DelegationManager()
    /// AVSDirectory: operators registered to the AVS and spent salts.
    public internal(set) var avsDirectory = AVSDirectory()
    /// The main-chain ECDSAStakeRegistry.
    public internal(set) var stakeRegistry = StakeRegistry()
    /// RegistryStateSender: bridge routes per destination chain.
    public internal(set) var registryStateSender = RegistryStateSender()
    /// Abridge: every message sent, on every chain.
    public internal(set) var abridge = Abridge()
    /// The RegistryStateReceiver and LightStakeRegistry of each destination chain.
    public internal(set) var replicas: [UInt64: LightStakeRegistry] = [:]
    /// StateManager histories on every chain.
    public internal(set) var stateManager = StateManager()
    /// Tasks and accepted responses.
    public internal(set) var tasks = Tasks()
    /// RemoteChainVerifier deployments per destination chain.
    public internal(set) var remoteChainVerifier = RemoteChainVerifier()
    /// MainChainVerifier: authorized verifiers and verified states.
    public internal(set) var mainChainVerifier = MainChainVerifier()
    /// StateDisputeResolver: slashing configuration, challenges, balances.
    public internal(set) var stateDisputeResolver = StateDisputeResolver()
    /// AllocationManager: magnitudes.
    public internal(set) var allocationManager = AllocationManager()
    /// RewardsCoordinator: submissions by epoch.
    public internal(set) var rewardsCoordinator = RewardsCoordinator()
    /// The running hash of the resolved challenges and rewards submissions (see ``StateArchive``).
    public internal(set) var archive = StateArchive()

    /// The empty state, before the genesis event.
    public init() {}

    /// The main-chain epoch whose transition event was the last one recorded.
    public var currentEpoch: UInt32 { epochManager.currentEpoch }
}

extension LedgerState {
    /// Applies one event, or refuses it and leaves the state exactly as it was.
    ///
    /// Every handler checks all of its rules before its first write, so a refusal never leaves a
    /// partial change behind.
    public mutating func reduce(_ event: ProtocolEvent, _ context: EventContext) throws(Refusal) {
        do {
            try route(event, context)
        } catch {
            throw Refusal(error, sequence: context.sequence)
        }
    }

    /// Checks the rules every event shares, then hands the event to the contract that owns it.
    private mutating func route(_ event: ProtocolEvent, _ ctx: EventContext) throws(ProtocolError) {
        guard let genesis, let clock else {
            guard case .genesis(let parameters) = event else { throw .ledger(.genesisMissing) }
            return try applyGenesis(parameters, ctx)
        }
        let at = try Self.checkChain(
            of: event.kind, ctx, genesis, clock, lastBlock: lastBlock[ctx.chainId],
            currentEpoch: epochManager.currentEpoch)
        switch event {
        case .genesis: throw .ledger(.genesisAlreadySet)
        case .epochTransition(let next): try transition(to: next, ctx, clock)
        case .setOperatorShares(let op, let list): try delegationManager.setShares(op, list)
        case .registerOperator(let sig, let signingKey, let p2pKey):
            try register(
                sig, signingKey: signingKey, p2pKey: p2pKey, ctx, genesis, effective: at.effective)
        case .deregisterOperator: try deregister(ctx, effective: at.effective)
        case .updateOperatorSigningKey(let key):
            enqueue(try stakeRegistry.updateSigningKey(key, ctx, effective: at.effective), at)
        case .updateOperatorP2pKey(let key):
            enqueue(try stakeRegistry.updateP2pKey(key, ctx, effective: at.effective), at)
        case .updateOperators, .updateOperatorsForQuorum, .updateQuorumConfig, .updateMinimumWeight:
            enqueue(try refresh(event, ctx, genesis, effective: at.effective), at)
        case .updateStakeThreshold(let threshold):
            try genesis.requireOwner(ctx)
            enqueue(stakeRegistry.updateStakeThreshold(threshold, ctx, effective: at.effective), at)
        case .cancelSalt(let salt): avsDirectory.cancelSalt(salt, ctx)
        case .addBridge, .modifyBridge, .removeBridge:
            try registryStateSender.configure(event, ctx, genesis)
        case .sendStateUpdates(let chainId, let value):
            try epochManager.sendStateUpdates(
                chainId, value: value, ctx, genesis, registryStateSender, &abridge)
        case .initializeReplica(let abridgeAddress, let receiver):
            replicas[ctx.chainId] = try LightStakeRegistry(
                initializing: ctx, abridge: abridgeAddress,
                receiver: receiver, existing: replicas[ctx.chainId], genesis)
        case .deliverMessage(let delivery): try deliver(delivery, ctx, genesis)
        case .setValue(let key, let value):
            try stateManager.setValues([KeyValue(key: key, value: value)], ctx)
        case .batchSetValues(let items): try stateManager.setValues(items, ctx)
        case .createTask(let slot):
            try tasks.create(slot, ctx, genesis, operatorCount: stakeRegistry.operators.count)
        case .respondToTask(let taskId, let value, let signature):
            let responder = stakeRegistry.responder(ctx.sender, at: currentEpoch)
            try tasks.respond(
                taskId: taskId, value: value, signature: signature, ctx, responder: responder,
                epoch: currentEpoch, domainSeparator: resolverDomainSeparator)
        case .deployRemoteVerifier(let address):
            try remoteChainVerifier.deploy(address, ctx, genesis)
        case .setRemoteVerifier(let chainId, let verifier):
            try mainChainVerifier.setRemoteVerifier(chainId, verifier, ctx, genesis)
        case .verifyState(let user, let key, let block, let value):
            try remoteChainVerifier.verifyState(
                user: user, key: key, blockNumber: block, value: value, ctx, genesis,
                stateManager, &abridge)
        case .setOperatorSetId, .setSlashableStrategies, .setSlashAmount:
            try stateDisputeResolver.configure(event, ctx, genesis)
        case .claim: try stateDisputeResolver.claim(ctx)
        case .submitChallenge(let claim, let signatures, let bond):
            try stateDisputeResolver.submitChallenge(
                claim, signatures, bond: bond, ctx, genesis, registry: stakeRegistry,
                domainSeparator: resolverDomainSeparator)
        case .resolveChallenge(let id): try resolveChallenge(id, ctx, effective: at.effective)
        case .submitRewards(let epoch, let token, let amount, let start, let duration):
            let request = RewardsRequest(
                epoch: epoch, token: token, amountWei: amount, startTimestamp: start,
                durationSeconds: duration)
            try submitRewards(request, ctx, genesis)
        }
        lastBlock[ctx.chainId] = ctx.blockNumber
    }
}

import Ethereum

/// Where an event falls on the main-chain clock: its epoch, and the epoch a registry write made
/// at its block takes effect in (0 for both on destination chains).
struct EpochPosition {
    /// The main-chain epoch of the event's block.
    var epoch: UInt32
    /// The epoch a registry change made at this block takes effect in.
    var effective: UInt32
}

/// The rules every event shares, and the events whose effects span contracts: each contract
/// returns what it did as values, and the root applies them to the others.
extension LedgerState {
    /// Block order, the chain an event kind belongs to, and on the main chain the epoch clock.
    /// Static, given the two values of the state it reads: a non-mutating method called on the
    /// whole state from the mutating reducer made Swift copy the state for every event.
    static func checkChain(
        of kind: EventKind, _ ctx: EventContext, _ genesis: LedgerGenesis, _ clock: EpochClock,
        lastBlock: UInt64?, currentEpoch: UInt32
    ) throws(ProtocolError) -> EpochPosition {
        guard kind != .genesis else { throw .ledger(.genesisAlreadySet) }
        let scope = kind.chains
        if let last = lastBlock, ctx.blockNumber < last {
            throw .ledger(
                .blockNumberDecreased(chainId: ctx.chainId, last: last, got: ctx.blockNumber))
        }
        guard ctx.chainId == genesis.mainChainId else {
            guard scope != .main else {
                throw .ledger(.wrongChain(expected: genesis.mainChainId, got: ctx.chainId))
            }
            return EpochPosition(epoch: 0, effective: 0)
        }
        let epoch: UInt32
        do { epoch = try clock.epoch(at: ctx.blockNumber) } catch {
            throw .epochManager(
                .blockBeforeGenesis(block: ctx.blockNumber, genesis: clock.genesisBlock))
        }
        if kind != .epochTransition, epoch != currentEpoch {
            throw .epochManager(.epochTransitionMissing(expected: epoch, block: ctx.blockNumber))
        }
        guard scope != .destination else {
            throw .ledger(.wrongChain(expected: 0, got: ctx.chainId))
        }
        // The block is valid (checked above), so its effective epoch is too.
        let effective = (try? clock.effectiveEpoch(at: ctx.blockNumber)) ?? epoch + 1
        return EpochPosition(epoch: epoch, effective: effective)
    }

    /// The genesis event: the deployment of every contract with its initial configuration.
    mutating func applyGenesis(_ g: LedgerGenesis, _ ctx: EventContext) throws(ProtocolError) {
        guard ctx.chainId == g.mainChainId else {
            throw .ledger(.wrongChain(expected: g.mainChainId, got: ctx.chainId))
        }
        guard ctx.blockNumber == g.genesisBlock else {
            throw .ledger(
                .invalidGenesis(
                    "genesis event at block \(ctx.blockNumber), but genesisBlock is \(g.genesisBlock)"
                ))
        }
        try g.checkDeployment()
        let clock = try g.clock()
        try g.quorum.validate()
        // The initial configuration is in force from epoch 0 (the contracts' initialize()).
        genesis = g
        self.clock = clock
        resolverDomainSeparator = g.resolverDomain.separator
        stakeRegistry = StakeRegistry(initializedWith: g, sequence: ctx.sequence)
        stateDisputeResolver.slashAmountWad = g.slashAmountWad
        lastBlock[ctx.chainId] = ctx.blockNumber
    }

    /// Epoch `next` starts: batches that can no longer be sent are recorded missed, expired tasks
    /// are retired.
    mutating func transition(to next: UInt32, _ ctx: EventContext, _ clock: EpochClock)
        throws(ProtocolError)
    {
        try epochManager.transition(
            to: next, at: ctx.blockNumber, clock,
            bridgedChains: registryStateSender.routes.keys)
        tasks.retire(expiredBefore: ctx.blockNumber)
    }

    /// Queues the registry update a handler returned into the epoch it takes effect in.
    mutating func enqueue(_ update: StateUpdate, _ at: EpochPosition) {
        epochManager.enqueue(update, effective: at.effective)
    }

    /// `registerOperatorWithSignature`: the registry's checks, then AVSDirectory's
    /// `registerOperatorToAVS`, then the registry's writes and the queued updates.
    mutating func register(
        _ sig: RegistrationSignature, signingKey: Address, p2pKey: Address,
        _ ctx: EventContext, _ genesis: LedgerGenesis, effective: UInt32
    ) throws(ProtocolError) {
        let op = ctx.sender
        try stakeRegistry.checkRegistration(op, signingKey: signingKey)
        try avsDirectory.checkRegistration(sig, ctx, genesis, delegation: delegationManager)
        let weight = try stakeRegistry.weight(of: op, delegation: delegationManager)
        let updates = try stakeRegistry.register(
            op, signingKey: signingKey, p2pKey: p2pKey, weight: weight, ctx,
            effective: effective)
        avsDirectory.register(op, salt: sig.salt)
        epochManager.enqueue(updates, effective: effective)
    }

    /// `deregisterOperator`: the registry forgets the operator's weight, AVSDirectory its registration.
    mutating func deregister(_ ctx: EventContext, effective: UInt32) throws(ProtocolError) {
        let update = try stakeRegistry.deregister(ctx.sender, ctx, effective: effective)
        avsDirectory.deregister(ctx.sender)
        epochManager.enqueue(update, effective: effective)
    }

    /// The four weight-refreshing actions, with their own rules first.
    mutating func refresh(
        _ event: ProtocolEvent, _ ctx: EventContext, _ genesis: LedgerGenesis,
        effective: UInt32
    ) throws(ProtocolError) -> StateUpdate {
        let d = delegationManager
        switch event {
        case .updateOperators(let ops):
            return try stakeRegistry.refresh(
                ops, type: .updateOperators, d, ctx, effective: effective)
        case .updateOperatorsForQuorum(let perQuorum):
            let first = try stakeRegistry.checkOperatorsForQuorum(perQuorum)
            return try stakeRegistry.refresh(
                first, type: .updateOperatorsForQuorum, d, ctx, effective: effective)
        case .updateQuorumConfig(let quorum, let ops):
            try genesis.requireOwner(ctx)
            try quorum.validate()
            return try stakeRegistry.refresh(
                ops, type: .updateQuorum, d, ctx, effective: effective, newQuorum: quorum)
        case .updateMinimumWeight(let minimum, let ops):
            try genesis.requireOwner(ctx)
            return try stakeRegistry.refresh(
                ops, type: .updateMinWeight, d, ctx, effective: effective,
                newMinimum: minimum)
        default:
            preconditionFailure("route sends only weight-refreshing events here")
        }
    }

    /// An Abridge delivery: to the replica's receiver on a destination chain, to the
    /// MainChainVerifier on the main chain.
    mutating func deliver(_ d: BridgeDelivery, _ ctx: EventContext, _ genesis: LedgerGenesis)
        throws(ProtocolError)
    {
        if ctx.chainId == genesis.mainChainId {
            let message = try abridge.sentMessage(matching: d, on: ctx.chainId)
            try mainChainVerifier.receive(d, from: message, ctx, genesis)
        } else {
            guard var replica = replicas[ctx.chainId] else {
                throw .lightStakeRegistry(.replicaNotInitialized(chainId: ctx.chainId))
            }
            _ = try abridge.sentMessage(matching: d, on: ctx.chainId)
            try replica.receive(d, ctx)
            replicas[ctx.chainId] = replica
        }
        abridge.markDelivered(d.guid, at: ctx.sequence)
    }
}

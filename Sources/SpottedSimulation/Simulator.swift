import Ethereum
import SpottedLedger
import SpottedProtocol
import SpottedTestSupport

/// Generates a realistic multi-chain history from a seed and writes it through an ``Engine``:
/// operators registering and leaving, stake changes, key rotations, quorum and threshold changes,
/// state writes on remote chains, batches sent during grace and delivered with random delays,
/// tasks with honest and lying responses, challenges, remote verifications, slashes and rewards.
/// Same seed and options, same log, byte for byte.
public struct Simulator {
    /// What history to generate: the seed and its size.
    public struct Options: Hashable, Sendable {
        /// The seed of the random choices.
        public var seed: UInt64 = 1
        /// Operators that may register.
        public var operators = 30
        /// Destination (replica) chains besides the main chain.
        public var chains = 3
        /// Epochs to simulate.
        public var epochs = 8
        /// Operators (the first ones) that sign lying task responses.
        public var dishonest = 2
        /// Blocks per epoch (the default grace period is scaled to an eighth of it).
        public var epochLengthBlocks: UInt64 = 1_000
        /// Tasks created per epoch (each answered by most registered operators).
        public var tasksPerEpoch = 2
        /// Stop after the first epoch that ends with at least this many events in the log.
        public var stopAfterEvents: UInt64 = .max
        /// Sign on every core and submit in groups through the ingestion stages (the default);
        /// false submits each action on its own, one durable write each, signatures recovered and
        /// signed on one thread: the path before group commit, kept as the benchmark's baseline.
        /// The log is the same either way.
        public var groupCommit = true
        /// Most actions in one commit group with ``groupCommit`` (the ingestor's bound by default;
        /// the simulation harness makes it small, so that its storage faults hit many writes).
        public var maxGroupActions = Ingestor.Options().maxGroupActions
        /// The defaults: seed 1, 30 operators, 3 chains, 8 epochs, 2 dishonest.
        public init() {}
    }

    /// The options the history is generated from.
    public let options: Options
    /// The ledger genesis the history starts with (derived from the options).
    public let genesis: LedgerGenesis
    let owner: Address
    /// The resolver's EIP-712 domain separator, computed once.
    let resolverDomainSeparator: Word
    let strategies: [Address]
    var rng: SplitMix64
    var mainBlock: UInt64
    var remoteBlocks: [UInt64: UInt64] = [:]
    var rotation = 0
    var salt: UInt64 = 0
    var pendingDeliveries: [(dueEpoch: UInt32, key: BatchKey)] = []
    /// The simulated keys' addresses, derived once each (``operatorAddress(_:)``).
    var addresses = KeyAddresses()
    /// Actions queued since the last ``flush(_:)``.
    var pending: [PendingAction] = []
    /// Actions staged into the open group and not yet written, in order.
    var unacknowledged: [PendingAction] = []
    /// The commit group staged actions wait in (one action each without ``Options/groupCommit``).
    var open: OpenGroup

    /// A queued action, and whether a refusal of it is expected (a rewards submission may be).
    struct PendingAction {
        var action: Action
        var mayBeRefused = false
    }

    /// A simulator for `options`, seeded by `options.seed`.
    public init(options: Options) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
        let name = { (label: String) in Address(lowBytesOf: Keccak256.hash("sim/\(label)")) }
        owner = name("owner")
        strategies = [
            Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa)),
            Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xb)),
        ]
        genesis = LedgerGenesis(
            mainChainId: 1, genesisBlock: 1, epochLengthBlocks: options.epochLengthBlocks,
            gracePeriodBlocks: max(1, options.epochLengthBlocks / 8),
            avsDirectory: name("AVSDirectory"), serviceManager: name("ServiceManager"),
            resolver: name("Resolver"),
            owner: owner, challengeWindowBlocks: max(16, options.epochLengthBlocks / 8),
            quorum: Quorum(strategies: [
                StrategyParams(strategy: strategies[0], multiplier: 4_000),
                StrategyParams(strategy: strategies[1], multiplier: 6_000),
            ]),
            thresholdWeight: 0, minimumWeight: 0)
        mainBlock = 1
        resolverDomainSeparator = genesis.resolverDomain.separator
        open = OpenGroup(maxGroupActions: options.groupCommit ? options.maxGroupActions : 1)
    }

    /// Operator `i`'s own key (the AVSDirectory registration signer), from the seed.
    public func operatorKey(_ i: Int) -> PrivateKey? {
        try? PrivateKey(Keccak256.hash("sim/\(options.seed)/operator/\(i)"))
    }
    /// Operator `i`'s signing key of rotation `generation` (0 = the one it registered with).
    public func signingKey(_ i: Int, _ generation: Int) -> PrivateKey? {
        try? PrivateKey(Keccak256.hash("sim/\(options.seed)/signing/\(i)/\(generation)"))
    }

    static func abridge(_ chain: UInt64) -> Address {
        Address(lowBytesOf: Keccak256.hash("sim/Abridge/\(chain)"))
    }
    static func receiver(_ chain: UInt64) -> Address {
        Address(lowBytesOf: Keccak256.hash("sim/Receiver/\(chain)"))
    }
    static func remoteVerifier(_ chain: UInt64) -> Address {
        Address(lowBytesOf: Keccak256.hash("sim/RemoteVerifier/\(chain)"))
    }
    static func user(_ i: Int) -> Address { Address(lowBytesOf: Keccak256.hash("sim/user/\(i)")) }

    /// Stages the pending actions as a client of an unreliable store would, each on its own
    /// through the ingestion stages (signatures recovered on every core) into the open commit
    /// group, which is written when it fills or an epoch transition ends it: the state moves at
    /// once, so reads after a flush see every queued action. A failed write is retried in order —
    /// the actions a write with a lost acknowledgement logged all the same are done — and only
    /// actions marked so may be refused. Called before every read of the engine's state that
    /// pending actions could change.
    mutating func flush(_ engine: Engine) throws(EngineError) {
        var attempt = 0
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let headBefore = engine.log.head.sequence
            let threads = options.groupCommit ? Ingestor.Options().recoveryThreads : 1
            let outcome = engine.stage(batch.map(\.action), into: &open, recoveryThreads: threads)
            for (item, refusal) in zip(batch, outcome.refusals) {
                switch refusal {
                case nil: unacknowledged.append(item)
                case .duplicate? where attempt > 0: continue
                case .refused? where item.mayBeRefused: continue
                case let error?: throw error
                }
            }
            unacknowledged.removeFirst(min(outcome.committedCount, unacknowledged.count))
            guard let failure = outcome.writeFailure else { continue }
            guard attempt < 8 else { throw failure }
            try requeue(
                after: failure, headBefore: headBefore + UInt64(outcome.committedCount),
                notAttempted: batch[outcome.refusals.count...], engine)
            attempt += 1
        }
    }

    /// Writes the open group, retrying a failed write as ``flush(_:)`` does.
    mutating func commit(_ engine: Engine) throws(EngineError) {
        var attempt = 0
        try flush(engine)
        while open.stagedCount > 0 {
            let headBefore = engine.log.head.sequence
            do throws(EngineError) {
                try engine.commit(&open)
                unacknowledged = []
            } catch {
                guard attempt < 8 else { throw error }
                try requeue(after: error, headBefore: headBefore, notAttempted: [], engine)
                attempt += 1
                try flush(engine)
            }
        }
    }

    /// After a failed write (the state rebuilt from the log): the staged actions the log holds
    /// anyway — the write committed and only its acknowledgement was lost — are done, and the
    /// others, then `notAttempted`, are queued again in order. Errors other than storage
    /// failures are thrown.
    mutating func requeue(
        after failure: EngineError, headBefore: UInt64,
        notAttempted: ArraySlice<PendingAction>, _ engine: Engine
    ) throws(EngineError) {
        guard case .log(.storage) = failure else { throw failure }
        let logged = Int(engine.log.head.sequence - headBefore)
        unacknowledged.removeFirst(min(logged, unacknowledged.count))
        pending = unacknowledged + notAttempted
        unacknowledged = []
    }

    /// Events in the ledger once the open group is written.
    func eventCount(_ engine: Engine) -> UInt64 {
        engine.log.head.sequence + UInt64(open.stagedCount)
    }

    /// Queues a main-chain action at the next block (submitted at the next ``flush(_:)``).
    mutating func main(
        _ event: ProtocolEvent, from sender: Address, on engine: Engine, mayBeRefused: Bool = false
    ) throws(EngineError) {
        mainBlock += 1
        try queue(
            PendingAction(
                action: Action(
                    event, chainId: 1, blockNumber: mainBlock,
                    timestamp: 1_700_000_000 + mainBlock * 12, sender: sender),
                mayBeRefused: mayBeRefused), on: engine)
    }

    /// Queues `item`; without ``Options/groupCommit`` submits it at once, on its own.
    mutating func queue(_ item: PendingAction, on engine: Engine) throws(EngineError) {
        pending.append(item)
        if !options.groupCommit { try flush(engine) }
    }

    mutating func remote(
        _ chain: UInt64, _ event: ProtocolEvent, from sender: Address, on engine: Engine
    ) throws(EngineError) {
        let block = (remoteBlocks[chain] ?? 100) + 1 + rng.next() % 3
        remoteBlocks[chain] = block
        try queue(
            PendingAction(
                action: Action(
                    event, chainId: chain, blockNumber: block,
                    timestamp: 1_600_000_000 + block * 2, sender: sender)), on: engine)
    }

    /// Writes the whole history into `engine` (which must be empty). `progress` gets the epoch done.
    public mutating func run(into engine: Engine, progress: ((UInt32) -> Void)? = nil)
        throws(EngineError)
    {
        let chains = (0..<UInt64(options.chains)).map { 2 + $0 }
        try setUp(chains: chains, on: engine)
        var generations = [Int](repeating: 0, count: options.operators)
        let clock = try? genesis.clock()
        for epoch in 0..<UInt32(options.epochs) {
            if epoch > 0 {
                mainBlock = max(mainBlock + 1, clock?.startBlock(of: epoch) ?? mainBlock)
                try queue(
                    PendingAction(
                        action: Action(
                            .epochTransition(epoch: epoch), chainId: 1, blockNumber: mainBlock,
                            timestamp: 1_700_000_000 + mainBlock * 12, sender: owner)), on: engine)
            }
            try deliverDue(epoch: epoch, on: engine)
            try registryActivity(epoch: epoch, generations: &generations, on: engine)
            try tasksAndDisputes(epoch: epoch, chains: chains, generations: generations, on: engine)
            try flush(engine)
            if epoch >= 2 && !engine.state.rewardsCoordinator.rewardedEpochs.contains(epoch - 1) {
                let week: UInt32 = 604_800
                try main(
                    .submitRewards(
                        epoch: epoch - 1, token: Address(lowBytesOf: Keccak256.hash("sim/token")),
                        amount: UInt256(1_000_000 + rng.next() % 1_000_000),
                        startTimestamp: RewardsCoordinator.genesisRewardsTimestampSeconds,
                        duration: week),
                    from: owner, on: engine, mayBeRefused: true)
            }
            // Grace: send batch epoch+1 to every chain; each arrives now or early next epoch.
            let graceStart = clock?.interval(of: epoch).graceStart ?? mainBlock
            mainBlock = max(mainBlock, graceStart)
            for chain in chains {
                try main(
                    .sendStateUpdates(chainId: chain, value: genesis.bridgeFeeWei), from: owner,
                    on: engine)
                let key = BatchKey(epoch: epoch + 1, chainId: chain)
                if rng.next() % 3 == 0 {
                    pendingDeliveries.append((epoch + 1, key))
                } else {
                    try deliver(key, on: engine)
                }
            }
            try flush(engine)
            progress?(epoch)
            if eventCount(engine) >= options.stopAfterEvents { break }
        }
        try deliverDue(epoch: .max, on: engine)
        try commit(engine)
    }

    /// The genesis, a bridge, replica and remote verifier per chain, and the slashable strategies.
    mutating func setUp(chains: [UInt64], on engine: Engine) throws(EngineError) {
        try queue(
            PendingAction(
                action: Action(
                    .genesis(genesis), chainId: 1, blockNumber: 1, timestamp: 1_700_000_012,
                    sender: owner)), on: engine)
        for chain in chains {
            try main(
                .addBridge(
                    chainId: chain, bridge: Self.abridge(chain), receiver: Self.receiver(chain)),
                from: owner, on: engine)
            try remote(
                chain,
                .initializeReplica(abridge: Self.abridge(chain), receiver: Self.receiver(chain)),
                from: owner, on: engine)
            try remote(
                chain, .deployRemoteVerifier(Self.remoteVerifier(chain)), from: owner, on: engine)
            try main(
                .setRemoteVerifier(chainId: chain, verifier: Self.remoteVerifier(chain)),
                from: owner, on: engine)
        }
        try main(.setSlashableStrategies(strategies), from: owner, on: engine)
    }

    mutating func deliver(_ key: BatchKey, on engine: Engine) throws(EngineError) {
        try flush(engine)
        guard let guid = engine.state.epochManager.sentBatches[key],
            let m = engine.state.abridge.messages[guid]
        else { return }
        try remote(
            key.chainId,
            .deliverMessage(BridgeDelivery(guid: guid, from: m.from, to: m.to, payload: m.payload)),
            from: Self.abridge(key.chainId), on: engine)
    }

    mutating func deliverDue(epoch: UInt32, on engine: Engine) throws(EngineError) {
        let due = pendingDeliveries.filter { $0.dueEpoch <= epoch }
        pendingDeliveries.removeAll { $0.dueEpoch <= epoch }
        for item in due { try deliver(item.key, on: engine) }
    }

    /// The simulated operators registered once every queued action is in.
    mutating func registeredOperators(_ engine: Engine) throws(EngineError) -> [Address] {
        try flush(engine)
        var registered = [Address]()
        for i in 0..<options.operators {
            if let op = operatorAddress(i), engine.state.stakeRegistry.isRegistered(op) {
                registered.append(op)
            }
        }
        return registered
    }

    /// Whether `op` is registered once every queued action is in.
    mutating func isRegistered(_ op: Address, _ engine: Engine) throws(EngineError) -> Bool {
        try flush(engine)
        return engine.state.stakeRegistry.isRegistered(op)
    }

    mutating func registryActivity(epoch: UInt32, generations: inout [Int], on engine: Engine)
        throws(EngineError)
    {
        for _ in 0..<(options.operators / 2 + 4) {
            let i = Int(rng.next() % UInt64(options.operators))
            guard let key = operatorKey(i), let signing = signingKey(i, generations[i]) else {
                continue
            }
            let op = key.address
            let registered = try isRegistered(op, engine)
            switch rng.next() % 10 {
            case 0...4 where !registered:
                try main(
                    .setOperatorShares(
                        operator: op,
                        shares: [
                            StrategyShares(
                                strategy: strategies[0], shares: UInt256(500 + rng.next() % 5_000)),
                            StrategyShares(
                                strategy: strategies[1], shares: UInt256(500 + rng.next() % 5_000)),
                        ]),
                    from: op, on: engine)
                salt += 1
                // Valid until 1.9e9 s, or an hour past this block when a long history has gone beyond that.
                let saltWord = UInt256(salt).word
                let expiry = UInt256(max(1_900_000_000, 1_700_000_000 + mainBlock * 12 + 3_600))
                let digest = AVSDirectory.registrationDigest(
                    operator: op, genesis: genesis, salt: saltWord, expiry: expiry)
                try main(
                    .registerOperator(
                        signature: RegistrationSignature(
                            signature: key.sign(digest: digest).bytes, salt: saltWord,
                            expiry: expiry),
                        signingKey: signing.address,
                        p2pKey: Address(lowBytesOf: Keccak256.hash("sim/p2p/\(i)"))), from: op,
                    on: engine)
            case 5 where registered && i >= options.dishonest && rng.next() % 4 == 0:
                try main(.deregisterOperator, from: op, on: engine)
            case 6 where registered:
                generations[i] += 1
                if let next = signingKey(i, generations[i]) {
                    try main(.updateOperatorSigningKey(next.address), from: op, on: engine)
                }
            case 7:
                try main(
                    .setOperatorShares(
                        operator: op,
                        shares: [
                            StrategyShares(
                                strategy: strategies[0], shares: UInt256(rng.next() % 8_000))
                        ]), from: op, on: engine)
                try main(.updateOperators([op]), from: op, on: engine)
            case 8:
                try main(
                    .updateStakeThreshold(UInt256(rng.next() % 3_000)), from: owner, on: engine)
            case 9 where rng.next() % 4 == 0:
                let a = UInt256(1_000 + rng.next() % 8_000)
                let quorum = Quorum(strategies: [
                    StrategyParams(strategy: strategies[0], multiplier: a),
                    StrategyParams(
                        strategy: strategies[1],
                        multiplier: UInt256(10_000).subtractingReportingOverflow(a).partialValue),
                ])
                let registeredOps = try registeredOperators(engine)
                try main(
                    .updateQuorumConfig(quorum, operators: registeredOps), from: owner, on: engine)
            default:
                break
            }
        }
    }

    mutating func tasksAndDisputes(
        epoch: UInt32, chains: [UInt64], generations: [Int], on engine: Engine
    ) throws(EngineError) {
        for round in 0..<options.tasksPerEpoch {
            try flush(engine)
            let chain = chains[Int(rng.next() % UInt64(chains.count))]
            let user = Self.user(Int(rng.next() % 5))
            let key = UInt256(rng.next() % 4)
            var value = UInt256(rng.next() % 1_000_000)
            // Beyond the first two, most tasks ask about a value already written, at the chain's
            // current block (one write per eight tasks).
            if let written = engine.state.stateManager.histories[
                HistoryKey(chainId: chain, user: user, key: key)]?.last, round >= 2, round % 8 != 0
            {
                value = written.value
            } else {
                try remote(chain, .setValue(key: key, value: value), from: user, on: engine)
            }
            guard let block = remoteBlocks[chain] else { continue }
            let slot = StateSlot(
                user: user, chainId: UInt32(chain), blockNumber: block,
                timestamp: 1_600_000_000 + block * 2, key: key)
            let taskId = slot.claim(.zero).taskId
            // The queued write and task change neither the tasks logged nor the registry read here.
            guard engine.state.tasks.tasks[taskId] == nil else { continue }
            try main(.createTask(slot), from: owner, on: engine)
            let lie = value.addingReportingOverflow(1).partialValue
            let responders = responders(generations: generations, engine: engine)
            // Two messages per task: the true value's and the lie's.
            let truthDigest = slot.claim(value).digest(domainSeparator: resolverDomainSeparator)
            let lieDigest = slot.claim(lie).digest(domainSeparator: resolverDomainSeparator)
            let signatures = sign(
                responders.map { (key: $0.key, digest: $0.lying ? lieDigest : truthDigest) })
            var liars = [[UInt8]]()
            for (responder, signature) in zip(responders, signatures) {
                try main(
                    .respondToTask(
                        taskId: taskId, value: responder.lying ? lie : value, signature: signature),
                    from: responder.operator, on: engine)
                if responder.lying { liars.append(signature) }
            }
            // A watcher challenges lies (the first task's always, then fewer), verifies the slot on its chain and resolves.
            guard !liars.isEmpty, round == 0 || rng.next() % (round == 1 ? 2 : 64) == 0 else {
                continue
            }
            let challenger = Address(lowBytesOf: Keccak256.hash("sim/challenger/\(epoch)/\(round)"))
            try main(
                .submitChallenge(
                    claim: slot.claim(lie), signatures: liars, bond: genesis.challengeBondWei),
                from: challenger, on: engine)
            try remote(
                chain,
                .verifyState(user: user, key: key, blockNumber: block, value: genesis.bridgeFeeWei),
                from: challenger, on: engine)
            try flush(engine)
            if let (guid, m) = engine.state.abridge.messages.filter({
                $0.value.deliveredSequence == nil && $0.value.sourceChainId == chain
                    && $0.value.to == genesis.mainChainVerifier
            })
            .min(by: { $0.value.sentSequence < $1.value.sentSequence }) {
                try main(
                    .deliverMessage(
                        BridgeDelivery(guid: guid, from: m.from, to: m.to, payload: m.payload)),
                    from: genesis.mainAbridge, on: engine)
            }
            try main(.resolveChallenge(slot.claim(lie).taskId), from: challenger, on: engine)
            try main(.claim, from: challenger, on: engine)
        }
    }
}

/// What `simulate` wrote into a new ledger.
public struct SimulationReport: Encodable, Sendable {
    /// The ledger directory.
    public var ledger: String
    /// The seed used.
    public var seed: UInt64
    /// Events written.
    public var events: UInt64
    /// Epochs reached (the final epoch plus one).
    public var epochs: UInt32
    /// Operators registered at the end.
    public var operatorsRegistered: Int
    /// Replica chains initialized.
    public var replicas: Int
    /// Challenges submitted.
    public var challenges: Int
    /// Challenges resolved as successful.
    public var successfulChallenges: Int
    /// Operator slashes made by resolutions.
    public var slashes: Int
    /// Epochs with a rewards submission.
    public var rewardEpochs: Int
    /// The hash of the last entry.
    public var headHash: Word
    /// The root of the final state.
    public var stateRoot: Word
    /// Wall time, in seconds, rounded to hundredths.
    public var seconds: Double
}

extension Simulator {
    /// Writes the history `options` names into a new ledger in `directory` and summarizes it.
    /// With `replicated`, every commit group goes to that stream first (``Engine/startWriting(to:)``
    /// before the first action: groups of at most ``Engine/maxReplicatedGroupEntries``).
    /// `progress` gets each epoch done and the sequence logged by then.
    public static func simulate(
        _ options: Options, into directory: String, replicated: (any ReplicatedLog)? = nil,
        progress: ((_ epoch: UInt32, _ sequence: UInt64) -> Void)? = nil
    ) throws(QueryError) -> SimulationReport {
        let clock = ContinuousClock()
        let start = clock.now
        let engine = try Engine.create(directory: directory)
        var simulator = Simulator(options: options)
        do {
            if let replicated { try engine.startWriting(to: replicated) }
            try simulator.run(into: engine) { progress?($0, engine.log.head.sequence) }
        } catch {
            throw .engine(error)
        }
        let s = engine.state
        let challenges: [Challenge]
        do {
            challenges =
                try Array(s.stateDisputeResolver.challenges.values) + engine.archivedChallenges()
        } catch {
            throw .engine(error)
        }
        let elapsed = clock.now - start
        let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return SimulationReport(
            ledger: directory, seed: options.seed, events: engine.log.head.sequence,
            epochs: s.currentEpoch + 1,
            operatorsRegistered: s.stakeRegistry.totalOperators, replicas: s.replicas.count,
            challenges: challenges.count,
            successfulChallenges: challenges.filter { $0.resolution?.successful == true }.count,
            slashes: challenges.compactMap(\.resolution).flatMap(\.slashes).count,
            rewardEpochs: s.rewardsCoordinator.rewardedEpochs.count,
            headHash: engine.log.head.hash, stateRoot: s.root,
            seconds: (seconds * 100).rounded() / 100)
    }
}

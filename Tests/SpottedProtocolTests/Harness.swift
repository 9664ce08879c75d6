import Ethereum
import SpottedProtocol
import Testing

/// A ledger in a test: submits events with increasing sequence numbers, walks the epoch clock,
/// and checks that every refusal leaves the state — and its root — exactly as it was.
struct Harness {
    static let mainChain: UInt64 = 1
    static let owner = Address(lowBytesOf: Keccak256.hash("owner"))
    static let strategyA = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa))
    static let strategyB = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xb))

    var state = LedgerState()
    var sequence: UInt64 = 0
    /// Block numbers of the destination chains.
    var remoteBlocks: [UInt64: UInt64] = [:]
    /// Every bridge payload sent, by guid (the state drops a payload once it is delivered).
    var sentPayloads: [Word: [UInt8]] = [:]
    let genesis: LedgerGenesis
    var block: UInt64

    init(genesisBlock: UInt64 = 1, threshold: UInt256 = 0, minimumWeight: UInt256 = 0) throws {
        genesis = LedgerGenesis(
            mainChainId: Self.mainChain, genesisBlock: genesisBlock,
            avsDirectory: Address(lowBytesOf: Keccak256.hash("avs-directory")),
            serviceManager: Address(lowBytesOf: Keccak256.hash("service-manager")),
            resolver: Address(lowBytesOf: Keccak256.hash("resolver")), owner: Self.owner,
            quorum: Quorum(strategies: [
                StrategyParams(strategy: Self.strategyA, multiplier: 4000),
                StrategyParams(strategy: Self.strategyB, multiplier: 6000),
            ]),
            thresholdWeight: threshold, minimumWeight: minimumWeight)
        block = genesisBlock
        try submit(.genesis(genesis), from: Self.owner)
    }

    func context(_ sender: Address, chain: UInt64 = mainChain) -> EventContext {
        let number = chain == Self.mainChain ? block : remoteBlocks[chain, default: 1]
        return EventContext(
            sequence: sequence + 1, chainId: chain, blockNumber: number,
            timestamp: 1_700_000_000 + number * 12, sender: sender)
    }

    var clock: EpochClock { state.clock! }

    /// Submits `event` at the current block of `chain`; refusals throw.
    mutating func submit(_ event: ProtocolEvent, from sender: Address, chain: UInt64 = mainChain)
        throws(Refusal)
    {
        if chain != Self.mainChain { remoteBlocks[chain, default: 1] += 1 }
        try state.reduce(event, context(sender, chain: chain))
        sequence += 1
        for (guid, message) in state.abridge.messages where sentPayloads[guid] == nil {
            sentPayloads[guid] = message.payload
        }
    }

    /// Submits `event` expecting the rule `name`; checks nothing changed.
    mutating func expectRefusal(
        _ event: ProtocolEvent, from sender: Address, chain: UInt64 = mainChain, _ name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = state
        let rootBefore = state.root
        do {
            try state.reduce(event, context(sender, chain: chain))
            Issue.record(
                "expected \(name), but the event was accepted", sourceLocation: sourceLocation)
            sequence += 1
        } catch {
            #expect(error.error.name == name, "\(error)", sourceLocation: sourceLocation)
            #expect(error.sequence == sequence + 1, sourceLocation: sourceLocation)
            #expect(state == before, sourceLocation: sourceLocation)
            #expect(state.root == rootBefore, sourceLocation: sourceLocation)
        }
    }

    /// Moves to `target`, recording each epoch transition on the way.
    mutating func advance(to target: UInt64) throws {
        precondition(target >= block)
        let targetEpoch = try clock.epoch(at: target)
        while state.currentEpoch < targetEpoch {
            block = max(block, clock.startBlock(of: state.currentEpoch + 1))
            try submit(.epochTransition(epoch: state.currentEpoch + 1), from: Self.owner)
        }
        block = target
    }

    /// Destination chain `chain`: its Abridge, receiver and route on the main chain.
    static func abridge(_ chain: UInt64) -> Address {
        Address(lowBytesOf: Keccak256.hash("abridge/\(chain)"))
    }
    static func receiver(_ chain: UInt64) -> Address {
        Address(lowBytesOf: Keccak256.hash("receiver/\(chain)"))
    }

    mutating func addReplica(_ chain: UInt64) throws {
        try submit(
            .addBridge(chainId: chain, bridge: Self.abridge(chain), receiver: Self.receiver(chain)),
            from: Self.owner)
        try submit(
            .initializeReplica(abridge: Self.abridge(chain), receiver: Self.receiver(chain)),
            from: Self.owner, chain: chain)
    }

    /// Sends batch current+1 to `chain` with the exact fee.
    mutating func send(to chain: UInt64) throws {
        try submit(.sendStateUpdates(chainId: chain, value: genesis.bridgeFeeWei), from: Self.owner)
    }

    /// The delivery of the batch for `epoch` to `chain`, as its Abridge would make it.
    func delivery(epoch: UInt32, chain: UInt64) throws -> BridgeDelivery {
        let guid = try #require(
            state.epochManager.sentBatches[BatchKey(epoch: epoch, chainId: chain)])
        let message = try #require(state.abridge.messages[guid])
        return BridgeDelivery(
            guid: guid, from: message.from, to: message.to,
            payload: sentPayloads[guid] ?? message.payload)
    }

    mutating func deliver(epoch: UInt32, to chain: UInt64) throws {
        try submit(
            .deliverMessage(delivery(epoch: epoch, chain: chain)), from: Self.abridge(chain),
            chain: chain)
    }

    /// An operator with its own key and a separate signing key.
    struct Operator {
        let key: PrivateKey
        let signingKey: PrivateKey
        let p2pKey: Address
        var address: Address { key.address }

        init(_ name: String) throws {
            key = try PrivateKey(Keccak256.hash("operator/\(name)"))
            signingKey = try PrivateKey(Keccak256.hash("signing/\(name)"))
            p2pKey = Address(lowBytesOf: Keccak256.hash("p2p/\(name)"))
        }
    }

    func registrationSignature(_ op: Operator, salt: Word, expiry: UInt256) -> RegistrationSignature
    {
        let digest = AVSDirectory.registrationDigest(
            operator: op.address, genesis: genesis, salt: salt, expiry: expiry)
        return RegistrationSignature(
            signature: op.key.sign(digest: digest).bytes, salt: salt, expiry: expiry)
    }

    /// Gives `op` shares (A, B) and registers it with a fresh salt.
    mutating func register(
        _ op: Operator, sharesA: UInt256 = 1000, sharesB: UInt256 = 1000, salt: UInt64 = 1
    ) throws {
        try submit(
            .setOperatorShares(
                operator: op.address,
                shares: [
                    StrategyShares(strategy: Self.strategyA, shares: sharesA),
                    StrategyShares(strategy: Self.strategyB, shares: sharesB),
                ]),
            from: op.address)
        let sig = registrationSignature(
            op, salt: UInt256(salt).word, expiry: UInt256(1_800_000_000))
        try submit(
            .registerOperator(signature: sig, signingKey: op.signingKey.address, p2pKey: op.p2pKey),
            from: op.address)
    }
}

extension LedgerState {
    /// Challenge `id`: open in the state, or resolved and waiting in the archive's pending records
    /// (the harness, like a pure reducer run, never hands them to a store).
    func challenge(_ id: Word) -> Challenge? {
        if let open = stateDisputeResolver.challenges[id] { return open }
        for case .challenge(let c) in archive.pending where c.id == id { return c }
        return nil
    }

    /// The rewards submission of `epoch`, from the archive's pending records.
    func rewardsRecord(_ epoch: UInt32) -> RewardsRecord? {
        for case .rewards(let r) in archive.pending where r.epoch == epoch { return r }
        return nil
    }
}

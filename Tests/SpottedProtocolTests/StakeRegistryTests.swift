import Ethereum
import SpottedProtocol
import Testing

@Suite struct RegistrationTests {
    @Test("registration: weights, keys, total, AVS status and the queued REGISTER + UPDATE_P2P_KEY")
    func registerSuccess() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        try h.register(alice, sharesA: 1000, sharesB: 2000)
        // weight = (1000·4000 + 2000·6000) / 10000 = 1600, effective in epoch 1.
        let r = h.state.stakeRegistry
        #expect(r.isRegistered(alice.address))
        #expect(r.totalOperators == 1)
        #expect(r.weight(of: alice.address, at: 0) == 0)
        #expect(r.weight(of: alice.address, at: 1) == 1600)
        #expect(r.totalWeight.value(at: 1) == 1600)
        #expect(r.signingKey(of: alice.address, at: 1) == alice.signingKey.address)
        #expect(r.signingKey(of: alice.address, at: 0) == .zero)
        #expect(r.operators[alice.address]?.p2pKey.value(at: 1) == alice.p2pKey)
        #expect(r.signingKeyOperator[alice.signingKey.address] == alice.address)
        #expect(h.state.avsDirectory.registered.contains(alice.address))
        let queued = try #require(h.state.epochManager.queue[1])
        #expect(queued.map(\.type) == [.register, .updateP2pKey])
        #expect(
            queued[0].data
                == (try ABI.encode(
                    [
                        .address(alice.address), .address(alice.signingKey.address), .uint(1600),
                        .uint(1600),
                    ],
                    as: [.address, .address, .uint256, .uint256])))
        #expect(
            queued[1].data
                == (try ABI.encode(
                    [.address(alice.address), .address(alice.p2pKey)], as: [.address, .address])))
    }

    @Test("registration refusals: each rule, nothing changed")
    func registerRefusals() throws {
        var h = try Harness()
        let bob = try Harness.Operator("bob")
        let carol = try Harness.Operator("carol")
        let salt = UInt256(7).word
        let expiry = UInt256(1_800_000_000)
        let register = {
            (h: Harness, op: Harness.Operator, sig: RegistrationSignature, key: Address) in
            ProtocolEvent.registerOperator(signature: sig, signingKey: key, p2pKey: op.p2pKey)
        }
        // Not an EigenLayer operator yet.
        h.expectRefusal(
            register(
                h, bob, h.registrationSignature(bob, salt: salt, expiry: expiry),
                bob.signingKey.address),
            from: bob.address, "OperatorNotRegisteredToEigenLayer")
        try h.submit(
            .setOperatorShares(
                operator: bob.address,
                shares: [StrategyShares(strategy: Harness.strategyA, shares: 10)]),
            from: bob.address)
        // Expired: expiry is inclusive, so one second before the block timestamp is refused.
        let now = UInt256(h.context(bob.address).timestamp)
        let before = try now.subtracting(1)
        h.expectRefusal(
            register(
                h, bob, h.registrationSignature(bob, salt: salt, expiry: before),
                bob.signingKey.address),
            from: bob.address, "SignatureExpired")
        // Signed by someone else (carol signs bob's digest).
        let digest = AVSDirectory.registrationDigest(
            operator: bob.address, genesis: h.genesis, salt: salt, expiry: expiry)
        let forged = RegistrationSignature(
            signature: carol.key.sign(digest: digest).bytes, salt: salt, expiry: expiry)
        h.expectRefusal(
            register(h, bob, forged, bob.signingKey.address), from: bob.address, "InvalidSignature")
        // A malformed signature is a refusal too, never a crash.
        h.expectRefusal(
            register(
                h, bob, RegistrationSignature(signature: [1, 2, 3], salt: salt, expiry: expiry),
                bob.signingKey.address),
            from: bob.address, "InvalidSignature")
        // For another AVS (signed against a different service manager).
        var otherAVS = h.genesis
        otherAVS.serviceManager = carol.address
        let wrongAVS = RegistrationSignature(
            signature: bob.key.sign(
                digest: AVSDirectory.registrationDigest(
                    operator: bob.address, genesis: otherAVS, salt: salt, expiry: expiry)
            ).bytes, salt: salt, expiry: expiry)
        h.expectRefusal(
            register(h, bob, wrongAVS, bob.signingKey.address), from: bob.address,
            "InvalidSignature")
        // For another chain (the AVSDirectory domain of chain 999).
        var otherChain = h.genesis
        otherChain.mainChainId = 999
        let wrongChain = RegistrationSignature(
            signature: bob.key.sign(
                digest: AVSDirectory.registrationDigest(
                    operator: bob.address, genesis: otherChain, salt: salt, expiry: expiry)
            ).bytes, salt: salt, expiry: expiry)
        h.expectRefusal(
            register(h, bob, wrongChain, bob.signingKey.address), from: bob.address,
            "InvalidSignature")
        // Expiry equal to the timestamp is accepted.
        try h.submit(
            register(
                h, bob, h.registrationSignature(bob, salt: salt, expiry: now),
                bob.signingKey.address), from: bob.address)
        // Already registered.
        h.expectRefusal(
            register(
                h, bob, h.registrationSignature(bob, salt: UInt256(8).word, expiry: expiry),
                bob.signingKey.address),
            from: bob.address, "OperatorAlreadyRegistered")
        // A signing key that belongs to another operator (D5).
        try h.submit(.setOperatorShares(operator: carol.address, shares: []), from: carol.address)
        h.expectRefusal(
            register(
                h, carol, h.registrationSignature(carol, salt: salt, expiry: expiry),
                bob.signingKey.address),
            from: carol.address, "SigningKeyAlreadySet")
        // Deregister, then the spent salt cannot be replayed.
        try h.submit(.deregisterOperator, from: bob.address)
        h.expectRefusal(
            register(
                h, bob, h.registrationSignature(bob, salt: salt, expiry: expiry),
                bob.signingKey.address),
            from: bob.address, "SaltSpent")
        try h.submit(
            register(
                h, bob, h.registrationSignature(bob, salt: UInt256(9).word, expiry: expiry),
                bob.signingKey.address), from: bob.address)
        // A cancelled salt is spent too.
        try h.submit(.cancelSalt(UInt256(11).word), from: carol.address)
        h.expectRefusal(
            register(
                h, carol, h.registrationSignature(carol, salt: UInt256(11).word, expiry: expiry),
                carol.signingKey.address),
            from: carol.address, "SaltSpent")
    }

    @Test("the registration digest is EigenLayer's (ethereum.md §5 fixture)")
    func digestFixture() throws {
        let genesis = LedgerGenesis(
            mainChainId: 1, genesisBlock: 1,
            avsDirectory: try Address("0x135DDa560e946695d6f155dACaFC6f1F25C1F5AF"),
            serviceManager: try Address("0x1111111111111111111111111111111111111111"),
            resolver: .zero, owner: .zero, quorum: Quorum(strategies: []), thresholdWeight: 0,
            minimumWeight: 0)
        let digest = AVSDirectory.registrationDigest(
            operator: try Address("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"),
            genesis: genesis, salt: UInt256(1).word, expiry: 1_735_689_600)
        #expect(
            digest
                == (try Word(
                    hex: "a32079b4195ccee4ace7f0b2e4a7015e73c83ea8363c88c9c792f1b27c653792")))
    }

    @Test("deregistration zeroes the weight from the effective epoch and queues DEREGISTER")
    func deregister() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)
        try h.register(bob)
        h.expectRefusal(.deregisterOperator, from: Harness.owner, "OperatorNotRegistered")
        try h.advance(to: 50_000)  // epoch 1
        try h.submit(.deregisterOperator, from: alice.address)
        let r = h.state.stakeRegistry
        #expect(!r.isRegistered(alice.address))
        #expect(r.totalOperators == 1)
        #expect(r.weight(of: alice.address, at: 1) == 1000)
        #expect(r.weight(of: alice.address, at: 2) == 0)
        #expect(r.totalWeight.value(at: 1) == 2000)
        #expect(r.totalWeight.value(at: 2) == 1000)
        #expect(!h.state.avsDirectory.registered.contains(alice.address))
        #expect(
            h.state.epochManager.queue[2]?.last?.data
                == (try ABI.encode(
                    [.address(alice.address), .uint(0), .uint(1000)],
                    as: [.address, .uint256, .uint256])))
        h.expectRefusal(.deregisterOperator, from: alice.address, "OperatorNotRegistered")
    }

    @Test("effective epoch at the grace boundary: block 38 600 → epoch 1, block 38 601 → epoch 2")
    func graceBoundary() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.advance(to: 38_600)
        try h.register(alice)
        try h.advance(to: 38_601)
        try h.register(bob)
        let r = h.state.stakeRegistry
        #expect(r.weight(of: alice.address, at: 1) == 1000)
        #expect(r.weight(of: bob.address, at: 1) == 0)
        #expect(r.weight(of: bob.address, at: 2) == 1000)
        #expect(r.totalWeight.value(at: 1) == 1000)
        #expect(r.totalWeight.value(at: 2) == 2000)
        #expect(h.state.epochManager.queue[1]?.map(\.type) == [.register, .updateP2pKey])
        #expect(h.state.epochManager.queue[2]?.map(\.type) == [.register, .updateP2pKey])
    }

    @Test("two writes in one effective epoch: the second overwrites (D4)")
    func sameEpochOverwrite() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)
        try h.register(bob)  // both total-weight writes land in epoch 1
        let total = h.state.stakeRegistry.totalWeight
        #expect(total.entries.map(\.epoch) == [0, 1])
        #expect(total.value(at: 1) == 2000)
        try h.submit(.updateStakeThreshold(5), from: Harness.owner)
        try h.submit(.updateStakeThreshold(7), from: Harness.owner)
        #expect(h.state.stakeRegistry.threshold.entries.map(\.epoch) == [0, 1])
        #expect(h.state.stakeRegistry.threshold.value(at: 1) == 7)
        #expect(h.state.stakeRegistry.threshold.value(at: 0) == 0)
    }

    @Test("epoch transitions are explicit and in order; events need the current epoch marked")
    func epochTransitions() throws {
        var h = try Harness()
        h.block = 45_001
        h.expectRefusal(.updateOperators([]), from: Harness.owner, "EpochTransitionMissing")
        h.expectRefusal(.epochTransition(epoch: 2), from: Harness.owner, "InvalidEpochTransition")
        h.block = 45_000
        h.expectRefusal(.epochTransition(epoch: 1), from: Harness.owner, "InvalidEpochTransition")
        h.block = 45_001
        try h.submit(.epochTransition(epoch: 1), from: Harness.owner)
        #expect(h.state.currentEpoch == 1)
        h.block = 45_000
        h.expectRefusal(.updateOperators([]), from: Harness.owner, "BlockNumberDecreased")
        h.expectRefusal(.genesis(h.genesis), from: Harness.owner, "GenesisAlreadySet")
        var empty = LedgerState()
        #expect(throws: Refusal(.ledger(.genesisMissing), sequence: 1)) {
            try empty.reduce(
                .updateOperators([]),
                EventContext(sequence: 1, chainId: 1, blockNumber: 1, timestamp: 0, sender: .zero))
        }
        #expect(throws: Refusal(.ledger(.wrongChain(expected: 1, got: 5)), sequence: 9)) {
            try h.state.reduce(
                .updateOperators([]),
                EventContext(
                    sequence: 9, chainId: 5, blockNumber: 50_000, timestamp: 0, sender: .zero))
        }
    }
}

@Suite struct RegistryUpdateTests {
    @Test(
        "signing-key rotation takes effect by the epoch rule; a key of another operator is refused")
    func keyRotation() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)
        try h.register(bob)
        try h.advance(to: 50_000)  // epoch 1, not in grace
        let newKey = try PrivateKey(Keccak256.hash("alice/new-signing"))
        try h.submit(.updateOperatorSigningKey(newKey.address), from: alice.address)
        let r = h.state.stakeRegistry
        #expect(r.signingKey(of: alice.address, at: 1) == alice.signingKey.address)
        #expect(r.signingKey(of: alice.address, at: 2) == newKey.address)
        #expect(r.signingKeyOperator[newKey.address] == alice.address)
        #expect(h.state.epochManager.queue[2]?.last?.type == .updateSigningKey)
        h.expectRefusal(
            .updateOperatorSigningKey(bob.signingKey.address), from: alice.address,
            "SigningKeyAlreadySet")
        h.expectRefusal(
            .updateOperatorSigningKey(newKey.address), from: bob.address, "SigningKeyAlreadySet")
        h.expectRefusal(
            .updateOperatorSigningKey(newKey.address), from: Harness.owner, "OperatorNotRegistered")
        // An unchanged key still queues the update, as the contract does.
        let queuedBefore = h.state.epochManager.queue[2]?.count ?? 0
        try h.submit(.updateOperatorSigningKey(newKey.address), from: alice.address)
        #expect(h.state.epochManager.queue[2]?.count == queuedBefore + 1)
        #expect(h.state.stakeRegistry.operators[alice.address]?.signingKey.entries.count == 2)
    }

    @Test("P2P key update")
    func p2pKey() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        try h.register(alice)
        let next = Address(lowBytesOf: Keccak256.hash("p2p-2"))
        try h.advance(to: 40_000)  // grace of epoch 0 → effective 2
        try h.submit(.updateOperatorP2pKey(next), from: alice.address)
        #expect(h.state.stakeRegistry.operators[alice.address]?.p2pKey.value(at: 1) == alice.p2pKey)
        #expect(h.state.stakeRegistry.operators[alice.address]?.p2pKey.value(at: 2) == next)
        #expect(
            h.state.epochManager.queue[2]?.last?.data
                == (try ABI.encode(
                    [.address(alice.address), .address(next)], as: [.address, .address])))
        h.expectRefusal(.updateOperatorP2pKey(next), from: Harness.owner, "OperatorNotRegistered")
    }

    @Test(
        "updateOperators: anyone refreshes weights from new shares; payload lists the new weights")
    func updateOperators() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)
        try h.register(bob)
        try h.submit(
            .setOperatorShares(
                operator: alice.address,
                shares: [StrategyShares(strategy: Harness.strategyA, shares: 5000)]),
            from: alice.address)
        #expect(h.state.stakeRegistry.latestWeight(of: alice.address) == 1000)  // not refreshed yet
        let stranger = Address(lowBytesOf: Keccak256.hash("stranger"))
        try h.submit(
            .updateOperators([alice.address, bob.address, alice.address, stranger]), from: stranger)
        // alice: (5000·4000 + 1000·6000)/10000 = 2600
        #expect(h.state.stakeRegistry.latestWeight(of: alice.address) == 2600)
        #expect(h.state.stakeRegistry.totalWeight.latest == 3600)
        let update = try #require(h.state.epochManager.queue[1]?.last)
        #expect(update.type == .updateOperators)
        #expect(
            update.data
                == StateUpdatePayload.operators(
                    [alice.address, bob.address, alice.address, stranger],
                    weights: [2600, 1000, 2600, 0], totalWeight: 3600))
        h.expectRefusal(
            .updateOperators(Array(repeating: stranger, count: Limits.maxOperatorsPerEvent + 1)),
            from: stranger, "TooManyItems")
    }

    @Test("updateOperatorsForQuorum must list every registered operator")
    func updateOperatorsForQuorum() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)
        try h.register(bob)
        h.expectRefusal(
            .updateOperatorsForQuorum([[alice.address]]), from: alice.address,
            "MustUpdateAllOperators")
        h.expectRefusal(.updateOperatorsForQuorum([]), from: alice.address, "InvalidLength")
        try h.submit(
            .updateOperatorsForQuorum([[alice.address, bob.address]]), from: alice.address)
        #expect(h.state.epochManager.queue[1]?.last?.type == .updateOperatorsForQuorum)
    }

    @Test("quorum change: owner only, validated, refreshes the listed weights")
    func quorumChange() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        try h.register(alice, sharesA: 1000, sharesB: 3000)  // (4000+18000)/10 … = 2200
        #expect(h.state.stakeRegistry.latestWeight(of: alice.address) == 2200)
        let onlyA = Quorum(strategies: [
            StrategyParams(strategy: Harness.strategyA, multiplier: 10_000)
        ])
        h.expectRefusal(
            .updateQuorumConfig(onlyA, operators: [alice.address]), from: alice.address,
            "OwnableUnauthorizedAccount")
        let unsorted = Quorum(strategies: [
            StrategyParams(strategy: Harness.strategyB, multiplier: 5000),
            StrategyParams(strategy: Harness.strategyA, multiplier: 5000),
        ])
        h.expectRefusal(
            .updateQuorumConfig(unsorted, operators: []), from: Harness.owner, "NotSorted")
        let badSum = Quorum(strategies: [
            StrategyParams(strategy: Harness.strategyA, multiplier: 9999)
        ])
        h.expectRefusal(
            .updateQuorumConfig(badSum, operators: []), from: Harness.owner, "InvalidQuorum")
        h.expectRefusal(
            .updateQuorumConfig(Quorum(strategies: []), operators: []), from: Harness.owner,
            "InvalidQuorum")
        try h.submit(.updateQuorumConfig(onlyA, operators: [alice.address]), from: Harness.owner)
        #expect(h.state.stakeRegistry.quorum == onlyA)
        #expect(h.state.stakeRegistry.latestWeight(of: alice.address) == 1000)
        #expect(h.state.stakeRegistry.quorumHistory.value(at: 1) == onlyA)
        #expect(h.state.stakeRegistry.quorumHistory.value(at: 0) == h.genesis.quorum)
        #expect(
            h.state.epochManager.queue[1]?.last?.data
                == StateUpdatePayload.quorum(
                    onlyA, operators: [alice.address], weights: [1000], totalWeight: 1000))
    }

    @Test("minimum weight: owner only; weights below it count as zero")
    func minimumWeight() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice, sharesA: 100, sharesB: 100)  // 100
        try h.register(bob)  // 1000
        h.expectRefusal(
            .updateMinimumWeight(500, operators: []), from: alice.address,
            "OwnableUnauthorizedAccount")
        try h.submit(
            .updateMinimumWeight(500, operators: [alice.address, bob.address]), from: Harness.owner)
        #expect(h.state.stakeRegistry.latestWeight(of: alice.address) == 0)
        #expect(h.state.stakeRegistry.latestWeight(of: bob.address) == 1000)
        #expect(h.state.stakeRegistry.totalWeight.latest == 1000)
        #expect(h.state.epochManager.queue[1]?.last?.type == .updateMinWeight)
    }

    @Test("threshold: owner only, effective by the epoch rule")
    func threshold() throws {
        var h = try Harness(threshold: 10)
        h.expectRefusal(
            .updateStakeThreshold(99), from: Harness.strategyA, "OwnableUnauthorizedAccount")
        try h.advance(to: 40_000)
        try h.submit(.updateStakeThreshold(99), from: Harness.owner)
        #expect(h.state.stakeRegistry.threshold.value(at: 1) == 10)
        #expect(h.state.stakeRegistry.threshold.value(at: 2) == 99)
        #expect(h.state.epochManager.queue[2]?.last?.data == StateUpdatePayload.threshold(99))
    }

    @Test("weight arithmetic overflow is a refusal, not a trap")
    func overflow() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        try h.submit(
            .setOperatorShares(
                operator: alice.address,
                shares: [StrategyShares(strategy: Harness.strategyA, shares: .max)]),
            from: alice.address)
        let sig = h.registrationSignature(
            alice, salt: UInt256(1).word, expiry: UInt256(1_800_000_000))
        h.expectRefusal(
            .registerOperator(
                signature: sig, signingKey: alice.signingKey.address, p2pKey: alice.p2pKey),
            from: alice.address, "ArithmeticOverflow")
    }
}

@Suite("Genesis = the deployment")
struct GenesisDeploymentTests {
    /// A valid genesis with one field replaced.
    static func genesis(_ edit: (inout LedgerGenesis) -> Void) throws -> LedgerGenesis {
        var g = try Harness().genesis
        edit(&g)
        return g
    }

    /// Reduces `g` as the first event and returns the refusal's rule, or nil when accepted.
    static func refusal(_ g: LedgerGenesis) -> String? {
        var state = LedgerState()
        let ctx = EventContext(
            sequence: 1, chainId: g.mainChainId, blockNumber: g.genesisBlock, timestamp: 0,
            sender: g.owner)
        do {
            try state.reduce(.genesis(g), ctx)
            return nil
        } catch {
            #expect(state == LedgerState())
            return error.error.name
        }
    }

    @Test(
        "the verifiers' constructor scenarios: zero bridge, chain id 0, zero main verifier refuse")
    func verifierConstructors() throws {
        #expect(Self.refusal(try Self.genesis { _ in }) == nil)
        #expect(Self.refusal(try Self.genesis { $0.mainAbridge = .zero }) == "InvalidResponse")
        #expect(Self.refusal(try Self.genesis { $0.mainChainId = 0 }) == "InvalidMainChainId")
        #expect(
            Self.refusal(try Self.genesis { $0.mainChainVerifier = .zero }) == "InvalidResponse")
        #expect(Self.refusal(try Self.genesis { $0.owner = .zero }) == "OwnableInvalidOwner")
        let zeroBridge = ProtocolError.mainChainVerifier(
            .invalidResponse("mainAbridge must be non-zero"))
        #expect(throws: zeroBridge) {
            try Self.genesis { $0.mainAbridge = .zero }.checkDeployment()
        }
        let zeroChain = ProtocolError.remoteChainVerifier(.invalidMainChainId)
        #expect(throws: zeroChain) { try Self.genesis { $0.mainChainId = 0 }.checkDeployment() }
    }
}

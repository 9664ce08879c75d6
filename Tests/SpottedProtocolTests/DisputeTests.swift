import Ethereum
import SpottedProtocol
import Testing

/// Tasks, verification, challenges, slashing and rewards, end to end with real signatures.
@Suite struct DisputeTests {
    static let user = Address(lowBytesOf: Keccak256.hash("dispute-user"))
    static let challenger = Address(lowBytesOf: Keccak256.hash("challenger"))
    static let remoteVerifier = Address(lowBytesOf: Keccak256.hash("remote-verifier/2"))

    /// Four operators of weight 1000, chain 2 with a replica and a RemoteChainVerifier, slashable
    /// strategies set, the user's value 42 written on chain 2, batch 1 delivered, now in epoch 1.
    static func world(threshold: UInt256 = 2000) throws -> (Harness, [Harness.Operator], StateSlot)
    {
        var h = try Harness(threshold: threshold)
        try h.addReplica(2)
        try h.submit(.deployRemoteVerifier(remoteVerifier), from: Harness.owner, chain: 2)
        try h.submit(.setRemoteVerifier(chainId: 2, verifier: remoteVerifier), from: Harness.owner)
        let ops = try (0..<4).map { try Harness.Operator("d\($0)") }
        for op in ops { try h.register(op) }
        try h.submit(.setValue(key: 1, value: 42), from: user, chain: 2)
        let block = h.remoteBlocks[2] ?? 0
        try h.send(to: 2)
        try h.deliver(epoch: 1, to: 2)
        try h.advance(to: 45_001)
        let slot = StateSlot(
            user: user, chainId: 2, blockNumber: block, timestamp: 1_700_000_000 + block * 12,
            key: 1)
        return (h, ops, slot)
    }

    /// Chain 2's RemoteChainVerifier reads `slot` and the main-chain Abridge delivers the result to
    /// the MainChainVerifier.
    static func verifyAndDeliver(_ slot: StateSlot, _ h: inout Harness) throws {
        try h.submit(
            .verifyState(
                user: Self.user, key: 1, blockNumber: slot.blockNumber,
                value: h.genesis.bridgeFeeWei), from: Self.challenger, chain: 2)
        let (guid, m) = try #require(
            h.state.abridge.messages.first { $0.value.from == Self.remoteVerifier })
        try h.submit(
            .deliverMessage(BridgeDelivery(guid: guid, from: m.from, to: m.to, payload: m.payload)),
            from: h.genesis.mainAbridge)
    }

    static func sign(_ op: Harness.Operator, _ slot: StateSlot, _ value: UInt256, _ h: Harness)
        -> [UInt8]
    {
        op.signingKey.sign(digest: slot.claim(value).digest(domain: h.genesis.resolverDomain)).bytes
    }

    @Test(
        "responses: real signatures by current signing keys; the proof passes on main and on the synced replica"
    )
    func tasksAndProof() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.createTask(slot), from: Harness.owner)
        let id = slot.claim(0).taskId
        h.expectRefusal(.createTask(slot), from: Harness.owner, "TaskAlreadyExists")
        for op in ops.prefix(3) {
            try h.submit(
                .respondToTask(taskId: id, value: 42, signature: Self.sign(op, slot, 42, h)),
                from: op.address)
        }
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(ops[0], slot, 42, h)),
            from: ops[0].address, "AlreadyResponded")
        h.expectRefusal(
            .respondToTask(
                taskId: Keccak256.hash("no task"), value: 42,
                signature: Self.sign(ops[3], slot, 42, h)), from: ops[3].address, "TaskNotFound")
        let wrongKey = ops[3].key.sign(
            digest: slot.claim(42).digest(domain: h.genesis.resolverDomain)
        ).bytes
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: wrongKey), from: ops[3].address,
            "InvalidSignature")
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(ops[3], slot, 43, h)),
            from: ops[3].address, "InvalidSignature")
        // Not 65 bytes: refused with recovery's own reason, and also when signatures are trusted
        // (a task stores its responses' signatures as 65 bytes).
        let short = Array(Self.sign(ops[3], slot, 42, h).prefix(64))
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: short), from: ops[3].address,
            "InvalidSignature")
        var trusted = h.context(ops[3].address)
        trusted.signatureChecks = .skip
        let before = h.state
        let refusal = #expect(throws: Refusal.self) {
            try h.state.reduce(.respondToTask(taskId: id, value: 42, signature: short), trusted)
        }
        #expect(
            refusal?.error == .stakeRegistry(.invalidSignature("response: InvalidSignatureLength")))
        #expect(h.state == before)
        let stranger = try Harness.Operator("stranger")
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(stranger, slot, 42, h)),
            from: stranger.address, "OperatorNotRegistered")

        let proof = try #require(h.state.tasks.proof(taskId: id, value: 42, referenceEpoch: 1))
        #expect(proof.operators == proof.operators.sorted() && proof.operators.count == 3)
        let digest = slot.claim(42).digest(domain: h.genesis.resolverDomain)
        #expect(
            try h.state.isValidSignature(digest: digest, signatureData: proof.encoded())
                == SignatureChecker.magicValue)
        #expect(
            try h.state.replicas[2]?.isValidSignature(
                digest: digest, signatureData: proof.encoded()) == SignatureChecker.magicValue)
    }

    @Test(
        "a task takes responses until its challenge window closes; the next epoch transition retires it"
    )
    func taskExpiry() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.createTask(slot), from: Harness.owner)
        let id = slot.claim(0).taskId
        let last = h.block + h.genesis.challengeWindowBlocks
        #expect(h.state.tasks.tasks[id]?.expiresAtBlock == last)
        h.block = last
        try h.submit(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(ops[0], slot, 42, h)),
            from: ops[0].address)
        h.block = last + 1
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(ops[1], slot, 42, h)),
            from: ops[1].address, "TaskExpired")
        #expect(h.state.tasks.tasks[id] != nil, "kept until the epoch ends")
        try h.advance(to: h.clock.startBlock(of: h.state.currentEpoch + 1))
        #expect(h.state.tasks.tasks[id] == nil, "retired at the transition")
        #expect(
            h.state.tasks.acceptedResponses[EpochOperator(epoch: 1, operator: ops[0].address)] == 1,
            "its accepted response still counts for rewards")
        h.expectRefusal(
            .respondToTask(taskId: id, value: 42, signature: Self.sign(ops[1], slot, 42, h)),
            from: ops[1].address, "TaskNotFound")
    }

    @Test(
        "a full dispute: liars slashed, honest operators untouched, bond refunded, weight drop reaches the replica by the epoch rule"
    )
    func fullDispute() throws {
        var (h, ops, slot) = try Self.world()
        let liars = [ops[2], ops[3]]
        let honest = [ops[0], ops[1]]
        let claim = slot.claim(99)
        let signatures = liars.map { Self.sign($0, slot, 99, h) }
        h.expectRefusal(
            .submitChallenge(claim: claim, signatures: signatures, bond: 1), from: Self.challenger,
            "InsufficientBond")
        h.expectRefusal(
            .submitChallenge(
                claim: claim, signatures: signatures, bond: h.genesis.challengeBondWei),
            from: Self.challenger, "EmptyStrategiesArray")
        try h.submit(
            .setSlashableStrategies([Harness.strategyA, Harness.strategyB]), from: Harness.owner)
        try h.submit(
            .submitChallenge(
                claim: claim, signatures: signatures, bond: h.genesis.challengeBondWei),
            from: Self.challenger)
        let id = claim.taskId
        #expect(h.state.challenge(id)?.operators == liars.map(\.address))
        h.expectRefusal(.resolveChallenge(id), from: Self.challenger, "StateNotVerified")

        // Verification: chain 2 reads its StateManager and the value crosses the bridge to the main chain.
        try Self.verifyAndDeliver(slot, &h)
        let verified = try #require(
            h.state.mainChainVerifier.verifiedStates[
                VerifiedKey(chainId: 2, user: Self.user, key: 1, blockNumber: slot.blockNumber)])
        #expect(verified.value == 42)  // D7: under the source chain 2

        try h.submit(.resolveChallenge(id), from: Harness.owner)
        let resolution = try #require(h.state.challenge(id)?.resolution)
        #expect(resolution.successful && resolution.rule == .claimedDiffersFromVerified)
        #expect(resolution.verified?.value == 42)
        #expect(resolution.slashes.map(\.operator) == liars.map(\.address))
        for slash in resolution.slashes {
            // 10 % of a full magnitude: 1e17 slashed, shares ⌈1000 · 0.9⌉ = 900 in each strategy.
            #expect(
                slash.magnitudeBefore.map(\.currentWad) == [
                    1_000_000_000_000_000_000, 1_000_000_000_000_000_000,
                ])
            #expect(
                slash.magnitudeAfter.map(\.currentWad) == [
                    900_000_000_000_000_000, 900_000_000_000_000_000,
                ])
            #expect(slash.wadSlashed == [100_000_000_000_000_000, 100_000_000_000_000_000])
            #expect(slash.sharesBefore == [1000, 1000] && slash.sharesAfter == [900, 900])
            #expect(slash.weightBefore == 1000 && slash.weightAfter == 900)
            #expect(slash.effectiveEpoch == 2)
        }
        for op in honest {
            #expect(h.state.allocationManager.magnitudes[op.address] == nil)
            #expect(h.state.stakeRegistry.latestWeight(of: op.address) == 1000)
        }
        #expect(
            h.state.stateDisputeResolver.claimableWei[Self.challenger] == h.genesis.challengeBondWei
        )
        #expect(h.state.stateDisputeResolver.treasuryWei == 0)
        h.expectRefusal(.resolveChallenge(id), from: Harness.owner, "ChallengeAlreadyResolved")
        h.expectRefusal(
            .resolveChallenge(Keccak256.hash("none")), from: Harness.owner, "NoChallengers")
        try h.submit(.claim, from: Self.challenger)
        #expect(
            h.state.stateDisputeResolver.claimedWei[Self.challenger] == h.genesis.challengeBondWei)
        h.expectRefusal(.claim, from: Self.challenger, "NoFundsToClaim")

        // The main registry uses the new weight from epoch 2; the replica gets it with batch 2.
        #expect(h.state.stakeRegistry.weight(of: ops[2].address, at: 1) == 1000)
        #expect(h.state.stakeRegistry.weight(of: ops[2].address, at: 2) == 900)
        try h.advance(to: 85_000)  // grace of epoch 1
        try h.send(to: 2)
        try h.deliver(epoch: 2, to: 2)
        let replica = try #require(h.state.replicas[2]).registry
        #expect(replica.weight(of: ops[2].address, at: 1) == 1000)
        #expect(replica.weight(of: ops[2].address, at: 2) == 900)
        #expect(try h.state.diff(chainId: 2, epoch: 2).isEmpty)
    }

    @Test("a slash resolved during grace reaches registries two epochs later")
    func slashDuringGrace() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.setSlashableStrategies([Harness.strategyA]), from: Harness.owner)
        try h.submit(
            .submitChallenge(
                claim: slot.claim(7), signatures: [Self.sign(ops[0], slot, 7, h)],
                bond: h.genesis.challengeBondWei), from: Self.challenger)
        try Self.verifyAndDeliver(slot, &h)
        try h.advance(to: 84_000)  // grace of epoch 1 → effective epoch 3
        try h.submit(.resolveChallenge(slot.claim(7).taskId), from: Harness.owner)
        #expect(
            h.state.challenge(slot.claim(7).taskId)?.resolution?.slashes
                .first?.effectiveEpoch == 3)
        // Strategy A only: shares A 1000 → 900; weight (900·4000 + 1000·6000) / 10000 = 960.
        #expect(h.state.stakeRegistry.weight(of: ops[0].address, at: 2) == 1000)
        #expect(h.state.stakeRegistry.weight(of: ops[0].address, at: 3) == 960)
    }

    @Test(
        "challenge refusals: no or too many signatures, unknown signer, duplicate, existing id; failure forfeits the bond"
    )
    func challengeRules() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.setSlashableStrategies([Harness.strategyA]), from: Harness.owner)
        let bond = h.genesis.challengeBondWei
        let claim = slot.claim(42)
        h.expectRefusal(
            .submitChallenge(claim: claim, signatures: [], bond: bond), from: Self.challenger,
            "NoSignatures")
        h.expectRefusal(
            .submitChallenge(
                claim: claim,
                signatures: Array(repeating: Self.sign(ops[0], slot, 42, h), count: 51), bond: bond),
            from: Self.challenger, "TooManySignatures")
        let outsider = try PrivateKey(Keccak256.hash("not an operator"))
        h.expectRefusal(
            .submitChallenge(
                claim: claim,
                signatures: [
                    outsider.sign(digest: claim.digest(domain: h.genesis.resolverDomain)).bytes
                ], bond: bond),
            from: Self.challenger, "InvalidSignature")
        h.expectRefusal(
            .submitChallenge(
                claim: claim,
                signatures: [Self.sign(ops[0], slot, 42, h), Self.sign(ops[0], slot, 42, h)],
                bond: bond),
            from: Self.challenger, "DuplicateOperator")
        h.expectRefusal(
            .submitChallenge(claim: claim, signatures: [[1, 2, 3]], bond: bond),
            from: Self.challenger, "InvalidSignature")
        // An honest claim (42 is the real value): the challenge fails and the bond goes to the treasury.
        try h.submit(
            .submitChallenge(
                claim: claim, signatures: [Self.sign(ops[0], slot, 42, h)], bond: bond),
            from: Self.challenger)
        h.expectRefusal(
            .submitChallenge(
                claim: slot.claim(43), signatures: [Self.sign(ops[1], slot, 43, h)], bond: bond),
            from: Self.challenger, "ChallengeAlreadyExists")
        try Self.verifyAndDeliver(slot, &h)
        try h.submit(.resolveChallenge(claim.taskId), from: Self.challenger)
        #expect(
            h.state.challenge(claim.taskId)?.resolution?.rule
                == .claimedEqualsVerified)
        #expect(h.state.stateDisputeResolver.treasuryWei == bond)
        #expect(h.state.allocationManager.magnitudes.isEmpty)
        #expect(h.state.stateDisputeResolver.claimableWei.isEmpty)
        // The resolved record left the state for the archive; its id stays used.
        #expect(h.state.stateDisputeResolver.challenges[claim.taskId] == nil)
        #expect(h.state.stateDisputeResolver.resolvedChallengeIds == [claim.taskId])
        h.expectRefusal(
            .submitChallenge(
                claim: claim, signatures: [Self.sign(ops[0], slot, 42, h)], bond: bond),
            from: Self.challenger, "ChallengeAlreadyExists")
        // Handing the record over changes neither equality, nor the root, nor the snapshot.
        var taken = h.state
        #expect(taken.takeArchived().count == 1 && taken.archive.pending.isEmpty)
        #expect(taken == h.state && taken.hashValue == h.state.hashValue)
        #expect(taken.root == h.state.root)
        #expect(taken.snapshotEncoding() == h.state.snapshotEncoding())
    }

    @Test("an unverified challenge expires at its deadline and fails")
    func expiry() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.setSlashableStrategies([Harness.strategyA]), from: Harness.owner)
        let claim = slot.claim(5)
        try h.submit(
            .submitChallenge(
                claim: claim, signatures: [Self.sign(ops[0], slot, 5, h)],
                bond: h.genesis.challengeBondWei), from: Self.challenger)
        let deadline = try #require(
            h.state.challenge(claim.taskId)?.deadlineBlock)
        h.block = deadline - 1
        h.expectRefusal(.resolveChallenge(claim.taskId), from: Self.challenger, "StateNotVerified")
        h.block = deadline
        try h.submit(.resolveChallenge(claim.taskId), from: Self.challenger)
        #expect(
            h.state.challenge(claim.taskId)?.resolution?.rule
                == .expiredUnverified)
        #expect(h.state.stateDisputeResolver.treasuryWei == h.genesis.challengeBondWei)
    }

    @Test(
        "verifier rules: deployment, block bound, fee, history, OnlyAbridge, authorization, replay, slashing config"
    )
    func verifierRules() throws {
        var (h, _, slot) = try Self.world()
        h.expectRefusal(
            .verifyState(
                user: Self.user, key: 1, blockNumber: slot.blockNumber,
                value: h.genesis.bridgeFeeWei), from: Self.challenger, chain: 3,
            "StateManagerNotSet")
        h.expectRefusal(
            .verifyState(
                user: Self.user, key: 1, blockNumber: 1_000_000, value: h.genesis.bridgeFeeWei),
            from: Self.challenger, chain: 2, "BlockNumberTooHigh")
        h.expectRefusal(
            .verifyState(user: Self.user, key: 1, blockNumber: slot.blockNumber, value: 1),
            from: Self.challenger, chain: 2, "InsufficientFee")
        h.expectRefusal(
            .verifyState(
                user: Self.user, key: 9, blockNumber: slot.blockNumber,
                value: h.genesis.bridgeFeeWei), from: Self.challenger, chain: 2, "NoHistoryFound")
        h.expectRefusal(
            .verifyState(user: Self.user, key: 1, blockNumber: 1, value: h.genesis.bridgeFeeWei),
            from: Self.challenger, chain: 2, "BlockNotFound")
        try h.submit(
            .verifyState(
                user: Self.user, key: 1, blockNumber: slot.blockNumber,
                value: h.genesis.bridgeFeeWei), from: Self.challenger, chain: 2)
        let (guid, m) = try #require(
            h.state.abridge.messages.first { $0.value.from == Self.remoteVerifier })
        let delivery = BridgeDelivery(guid: guid, from: m.from, to: m.to, payload: m.payload)
        h.expectRefusal(.deliverMessage(delivery), from: Self.challenger, "OnlyAbridge")
        // Replacing the authorized verifier de-authorizes the old one.
        try h.submit(.setRemoteVerifier(chainId: 2, verifier: Self.challenger), from: Harness.owner)
        h.expectRefusal(
            .deliverMessage(delivery), from: h.genesis.mainAbridge, "UnauthorizedRemoteVerifier")
        h.expectRefusal(
            .setRemoteVerifier(chainId: 2, verifier: Self.remoteVerifier), from: Self.challenger,
            "OwnableUnauthorizedAccount")
        try h.submit(
            .setRemoteVerifier(chainId: 2, verifier: Self.remoteVerifier), from: Harness.owner)
        try h.submit(.deliverMessage(delivery), from: h.genesis.mainAbridge)
        h.expectRefusal(
            .deliverMessage(delivery), from: h.genesis.mainAbridge, "MessageAlreadyProcessed")
        #expect(
            h.state.mainChainVerifier.verifiedStates[
                VerifiedKey(chainId: 2, user: Self.user, key: 1, blockNumber: slot.blockNumber + 1)]
                == nil)
        // Slashing configuration.
        h.expectRefusal(.setSlashableStrategies([]), from: Harness.owner, "EmptyStrategiesArray")
        h.expectRefusal(
            .setSlashableStrategies([Harness.strategyB, Harness.strategyA]), from: Harness.owner,
            "NotSorted")
        h.expectRefusal(
            .setSlashableStrategies([Harness.strategyA]), from: Self.challenger,
            "OwnableUnauthorizedAccount")
        h.expectRefusal(
            .setSlashAmount(UInt256(1_000_000_000_000_000_001)), from: Harness.owner,
            "InvalidSlashAmount")
        h.expectRefusal(.setSlashAmount(0), from: Harness.owner, "InvalidSlashAmount")
        try h.submit(.setSlashAmount(LedgerGenesis.wad), from: Harness.owner)
        #expect(h.state.stateDisputeResolver.slashAmountWad == LedgerGenesis.wad)
        h.expectRefusal(.setOperatorSetId(7), from: Self.challenger, "OwnableUnauthorizedAccount")
        try h.submit(.setOperatorSetId(7), from: Harness.owner)
        #expect(h.state.stateDisputeResolver.operatorSetId == 7)
        h.expectRefusal(
            .deployRemoteVerifier(Self.challenger), from: Self.challenger, chain: 2,
            "OwnableUnauthorizedAccount")
        h.expectRefusal(
            .verifyState(user: Self.user, key: 1, blockNumber: 1, value: 0), from: Self.challenger,
            "WrongChain")
    }

    @Test(
        "rewards: split by weight × accepted responses, remainder to the top score (ties: lowest address), RewardsCoordinator rules"
    )
    func rewards() throws {
        var (h, ops, slot) = try Self.world()
        try h.submit(.createTask(slot), from: Harness.owner)
        let id = slot.claim(0).taskId
        for op in ops.prefix(3) {
            try h.submit(
                .respondToTask(taskId: id, value: 42, signature: Self.sign(op, slot, 42, h)),
                from: op.address)
        }
        var second = slot
        second.key = 2
        try h.submit(.createTask(second), from: Harness.owner)
        try h.submit(
            .respondToTask(
                taskId: second.claim(0).taskId, value: 1, signature: Self.sign(ops[0], second, 1, h)
            ), from: ops[0].address)
        let token = Address(lowBytesOf: Keccak256.hash("token"))
        let week: UInt32 = 604_800
        let start = RewardsCoordinator.genesisRewardsTimestampSeconds
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start, duration: week),
            from: Harness.owner, "InvalidRewardsSubmission")  // epoch 1 not over
        try h.advance(to: 90_001)
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start, duration: week),
            from: ops[0].address, "OwnableUnauthorizedAccount")
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start + 1, duration: week),
            from: Harness.owner, "InvalidRewardsSubmission")
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start, duration: week + 1),
            from: Harness.owner, "InvalidRewardsSubmission")
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start, duration: 11 * week),
            from: Harness.owner, "InvalidRewardsSubmission")
        // Aligned, but a week before GENESIS_REWARDS_TIMESTAMP: StartTimestampTooFarInPast.
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 1000, startTimestamp: start - week, duration: week),
            from: Harness.owner, "InvalidRewardsSubmission")
        var copy = h.state
        do {
            try copy.reduce(
                .submitRewards(
                    epoch: 1, token: token, amount: 1000, startTimestamp: start - week,
                    duration: week), h.context(Harness.owner))
            Issue.record("a start before GENESIS_REWARDS_TIMESTAMP was accepted")
        } catch {
            #expect("\(error)".contains("StartTimestampTooFarInPast"), "\(error)")
        }
        #expect(start % RewardsCoordinator.calculationIntervalSeconds == 0)
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 0, startTimestamp: start, duration: week),
            from: Harness.owner, "InvalidRewardsSubmission")
        h.expectRefusal(
            .submitRewards(
                epoch: 0, token: token, amount: 1000, startTimestamp: start, duration: week),
            from: Harness.owner, "NoEligibleOperators")
        // Scores: ops[0] 1000·2, ops[1] 1000·1, ops[2] 1000·1, ops[3] 0. 1001 / 4000 per unit.
        try h.submit(
            .submitRewards(
                epoch: 1, token: token, amount: 1001, startTimestamp: start, duration: week),
            from: Harness.owner)
        let record = try #require(h.state.rewardsRecord(1))
        #expect(
            record.scores[ops[0].address] == 2000 && record.scores[ops[1].address] == 1000
                && record.scores[ops[3].address] == nil)
        // ⌊1001·2000/4000⌋ = 500 (+1 remainder), ⌊1001·1000/4000⌋ = 250 each.
        #expect(
            record.split[ops[0].address] == 501 && record.split[ops[1].address] == 250
                && record.split[ops[2].address] == 250)
        #expect(
            record.split.values.reduce(UInt256.zero) { $0.addingReportingOverflow($1).partialValue }
                == 1001)
        #expect(record.remainderTo == ops[0].address)
        #expect(record.strategiesAndMultipliers == h.genesis.quorum.strategies)
        h.expectRefusal(
            .submitRewards(
                epoch: 1, token: token, amount: 5, startTimestamp: start, duration: week),
            from: Harness.owner, "RewardsAlreadySubmitted")
    }
}

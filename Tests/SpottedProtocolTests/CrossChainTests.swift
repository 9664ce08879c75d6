import Ethereum
import SpottedProtocol
import Testing

/// RegistryStateSender scenarios of spec §15, adapted to the ledger (main chain 1, destinations 2…).
@Suite struct RegistryStateSenderTests {
    @Test("add, modify and remove bridges: owner only, with the spec's errors")
    func bridgeConfiguration() throws {
        var h = try Harness()
        let bridge = Address(lowBytesOf: Keccak256.hash("b"))
        let receiver = Address(lowBytesOf: Keccak256.hash("r"))
        let stranger = Address(lowBytesOf: Keccak256.hash("stranger"))
        try h.submit(
            .addBridge(chainId: 2, bridge: bridge, receiver: receiver), from: Harness.owner)
        #expect(
            h.state.registryStateSender.routes[2] == BridgeRoute(bridge: bridge, receiver: receiver)
        )
        h.expectRefusal(
            .addBridge(chainId: 3, bridge: bridge, receiver: receiver), from: stranger,
            "OwnableUnauthorizedAccount")
        h.expectRefusal(
            .addBridge(chainId: 3, bridge: .zero, receiver: receiver), from: Harness.owner,
            "InvalidBridgeInfo")
        h.expectRefusal(
            .addBridge(chainId: 3, bridge: bridge, receiver: .zero), from: Harness.owner,
            "InvalidBridgeInfo")
        h.expectRefusal(
            .addBridge(chainId: 2, bridge: bridge, receiver: receiver), from: Harness.owner,
            "BridgeAlreadyExists")
        // Modify: owner first (even with zero arguments), then chain, then zero addresses.
        h.expectRefusal(
            .modifyBridge(chainId: 2, bridge: .zero, receiver: .zero), from: stranger,
            "OwnableUnauthorizedAccount")
        h.expectRefusal(
            .modifyBridge(chainId: 999, bridge: .zero, receiver: .zero), from: Harness.owner,
            "ChainNotSupported")
        h.expectRefusal(
            .modifyBridge(chainId: 2, bridge: .zero, receiver: receiver), from: Harness.owner,
            "InvalidBridgeInfo")
        h.expectRefusal(
            .modifyBridge(chainId: 2, bridge: bridge, receiver: .zero), from: Harness.owner,
            "InvalidBridgeInfo")
        try h.submit(
            .modifyBridge(chainId: 2, bridge: receiver, receiver: bridge), from: Harness.owner)
        #expect(
            h.state.registryStateSender.routes[2] == BridgeRoute(bridge: receiver, receiver: bridge)
        )
        // Remove.
        h.expectRefusal(.removeBridge(chainId: 2), from: stranger, "OwnableUnauthorizedAccount")
        h.expectRefusal(.removeBridge(chainId: 999), from: Harness.owner, "ChainNotSupported")
        try h.submit(.removeBridge(chainId: 2), from: Harness.owner)
        #expect(h.state.registryStateSender.routes[2] == nil)
    }

    @Test(
        "sendStateUpdates: fee, surplus, unknown chain, and one send per (epoch, chain) (D8, D10)")
    func send() throws {
        var h = try Harness()
        try h.addReplica(2)
        let alice = try Harness.Operator("alice")
        try h.register(alice)
        h.expectRefusal(
            .sendStateUpdates(chainId: 999, value: h.genesis.bridgeFeeWei), from: Harness.owner,
            "ChainNotSupported")
        let low = try h.genesis.bridgeFeeWei.subtracting(UInt256(1_000_000_000_000_000))  // 0.009 ether
        h.expectRefusal(
            .sendStateUpdates(chainId: 2, value: low), from: Harness.owner, "InsufficientFee")
        let paid = try h.genesis.bridgeFeeWei.adding(5)
        try h.submit(.sendStateUpdates(chainId: 2, value: paid), from: alice.address)  // anyone may send
        let guid = try #require(h.state.epochManager.sentBatches[BatchKey(epoch: 1, chainId: 2)])
        let message = try #require(h.state.abridge.messages[guid])
        #expect(message.feeWei == h.genesis.bridgeFeeWei)
        #expect(message.surplusWei == 5)
        #expect(
            message.payload
                == EpochManager.batchPayload(epoch: 1, updates: h.state.epochManager.queue[1] ?? [])
        )
        #expect(message.from == h.genesis.registryStateSender && message.to == Harness.receiver(2))
        h.expectRefusal(
            .sendStateUpdates(chainId: 2, value: paid), from: Harness.owner,
            "StateUpdatesAlreadySent")
    }

    @Test("a batch that was not sent during its epoch is recorded as missed")
    func missedBatch() throws {
        var h = try Harness()
        try h.addReplica(2)
        try h.addReplica(3)
        try h.send(to: 2)
        try h.advance(to: 45_001)
        #expect(h.state.epochManager.missedBatches == [BatchKey(epoch: 1, chainId: 3)])
    }
}

/// RegistryStateReceiver and LightStakeRegistry scenarios.
@Suite struct ReplicaTests {
    @Test("handleMessage: only the Abridge, only what was sent, each guid once")
    func receiverChecks() throws {
        var h = try Harness()
        try h.addReplica(2)
        try h.addReplica(3)
        let alice = try Harness.Operator("alice")
        try h.register(alice)
        try h.send(to: 2)
        let good = try h.delivery(epoch: 1, chain: 2)
        // Direct call, not from the Abridge.
        h.expectRefusal(.deliverMessage(good), from: alice.address, chain: 2, "InvalidSender")
        // A forged `from` or payload, a guid never sent, delivery to another chain.
        var forged = good
        forged.from = alice.address
        h.expectRefusal(
            .deliverMessage(forged), from: Harness.abridge(2), chain: 2, "MessageMismatch")
        forged = good
        forged.payload[forged.payload.count - 1] ^= 1
        h.expectRefusal(
            .deliverMessage(forged), from: Harness.abridge(2), chain: 2, "MessageMismatch")
        forged = good
        forged.guid = Keccak256.hash("never sent")
        h.expectRefusal(
            .deliverMessage(forged), from: Harness.abridge(2), chain: 2, "MessageNeverSent")
        h.expectRefusal(
            .deliverMessage(good), from: Harness.abridge(3), chain: 3, "MessageMismatch")
        h.expectRefusal(
            .deliverMessage(good), from: Harness.abridge(9), chain: 9, "ReplicaNotInitialized")
        // The real delivery, then its replay.
        try h.submit(.deliverMessage(good), from: Harness.abridge(2), chain: 2)
        #expect(h.state.replicas[2]?.lastAppliedEpoch == 1)
        h.expectRefusal(
            .deliverMessage(good), from: Harness.abridge(2), chain: 2, "MessageAlreadyProcessed")
        // Replica events on the main chain are refused.
        h.expectRefusal(
            .initializeReplica(abridge: Harness.abridge(1), receiver: Harness.receiver(1)),
            from: Harness.owner, "WrongChain")
        h.expectRefusal(
            .initializeReplica(abridge: Harness.abridge(2), receiver: Harness.receiver(2)),
            from: Harness.owner, chain: 2, "ReplicaAlreadyInitialized")
    }

    @Test("every update type round-trips main → bridge → replica; the diff is then empty")
    func everyUpdateType() throws {
        var h = try Harness()
        try h.addReplica(2)
        let alice = try Harness.Operator("alice")
        let bob = try Harness.Operator("bob")
        try h.register(alice)  // REGISTER, UPDATE_P2P_KEY
        try h.register(bob, sharesA: 3000, sharesB: 500)
        try h.send(to: 2)
        try h.advance(to: 38_601)
        try h.deliver(epoch: 1, to: 2)
        try h.advance(to: 45_001)  // epoch 1
        try h.submit(
            .updateOperatorSigningKey(Address(lowBytesOf: Keccak256.hash("k2"))),
            from: alice.address)  // UPDATE_SIGNING_KEY
        try h.submit(
            .updateOperatorP2pKey(Address(lowBytesOf: Keccak256.hash("p2"))), from: bob.address)  // UPDATE_P2P_KEY
        try h.submit(
            .setOperatorShares(
                operator: alice.address,
                shares: [StrategyShares(strategy: Harness.strategyB, shares: 9000)]),
            from: alice.address)
        try h.submit(.updateOperators([alice.address]), from: bob.address)  // UPDATE_OPERATORS
        try h.submit(.updateOperatorsForQuorum([[alice.address, bob.address]]), from: bob.address)  // UPDATE_OPERATORS_FOR_QUORUM
        let quorum = Quorum(strategies: [
            StrategyParams(strategy: Harness.strategyA, multiplier: 2500),
            StrategyParams(strategy: Harness.strategyB, multiplier: 7500),
        ])
        try h.submit(
            .updateQuorumConfig(quorum, operators: [alice.address, bob.address]),
            from: Harness.owner)  // UPDATE_QUORUM
        try h.submit(
            .updateMinimumWeight(1000, operators: [alice.address, bob.address]), from: Harness.owner
        )  // UPDATE_MIN_WEIGHT
        try h.submit(.updateStakeThreshold(1234), from: Harness.owner)  // UPDATE_THRESHOLD
        try h.submit(.deregisterOperator, from: bob.address)  // DEREGISTER
        let types = Set(h.state.epochManager.queue[2]?.map(\.type) ?? [])
        #expect(
            types
                == Set(MessageType.allCases).subtracting([
                    .register, .updateOperatorsQuorum, .batchUpdate,
                ]))
        try h.advance(to: 85_000)
        try h.send(to: 2)
        try h.deliver(epoch: 2, to: 2)
        try h.advance(to: 90_001)
        for epoch: UInt32 in 0...2 {
            let diff = try h.state.diff(chainId: 2, epoch: epoch)
            #expect(diff.isEmpty, "epoch \(epoch): \(diff.differences)")
            #expect(diff.mainRoot == diff.replicaRoot)
        }
        let replica = try #require(h.state.replicas[2]).registry
        #expect(replica.quorum == quorum)
        #expect(replica.minimumWeight == 1000)
        #expect(replica.threshold.value(at: 2) == 1234)
        #expect(!replica.isRegistered(bob.address))
        #expect(replica.totalOperators == 1)
    }

    @Test("UPDATE types 7 and 8, and malformed payloads, fail the batch")
    func invalidTypes() throws {
        #expect(throws: ProtocolError.self) { try ReplicaUpdate(type: 7, data: []) }
        #expect(throws: ProtocolError.self) { try ReplicaUpdate(type: 8, data: []) }
        #expect(throws: ProtocolError.self) { try ReplicaUpdate(type: 11, data: []) }
        #expect(throws: ProtocolError.self) { try ReplicaUpdate(type: 0, data: [1, 2, 3]) }
        let short = StateUpdatePayload.operators([.zero, .zero], weights: [1], totalWeight: 1)
        #expect(
            throws: ProtocolError.lightStakeRegistry(
                .batchUpdateFailed(
                    "updateOperators: 2 operators but only 1 weights (array out of bounds)"))
        ) {
            try ReplicaUpdate(type: 3, data: short)
        }
        let typeSeven = EpochManager.batchPayload(
            epoch: 1, updates: [StateUpdate(type: .updateOperatorsQuorum, data: [], sequence: 0)])
        #expect(throws: ProtocolError.self) { try ReplicaUpdate.decodeBatch(typeSeven) }
    }

    @Test(
        "out of order, duplicate, late and never-delivered batches; a skipped epoch shows in the diff"
    )
    func deliveryOrder() throws {
        var h = try Harness()
        try h.addReplica(2)
        let ops = try (0..<3).map { try Harness.Operator("o\($0)") }
        try h.register(ops[0])
        try h.send(to: 2)  // batch 1: ops[0]
        try h.advance(to: 45_001)
        try h.register(ops[1])
        try h.send(to: 2)  // batch 2: ops[1]
        try h.advance(to: 90_001)
        try h.register(ops[2])
        try h.send(to: 2)  // batch 3: ops[2]
        try h.advance(to: 135_001)
        // Batch 2 arrives first: applied, epoch 1 reported as a gap.
        try h.deliver(epoch: 2, to: 2)
        #expect(h.state.replicas[2]?.gaps == [1])
        // Delivered: the state keeps the payload's hash, the log keeps its bytes.
        let guid2 = try #require(h.state.epochManager.sentBatches[BatchKey(epoch: 2, chainId: 2)])
        let delivered = try #require(h.state.abridge.messages[guid2])
        let sent = try h.delivery(epoch: 2, chain: 2).payload
        #expect(
            delivered.payload.isEmpty && !sent.isEmpty
                && delivered.payloadHash == Keccak256.hash(sent))
        // Batch 1 arrives late, after a newer one: refused (older epoch).
        h.expectRefusal(
            .deliverMessage(try h.delivery(epoch: 1, chain: 2)), from: Harness.abridge(2), chain: 2,
            "BatchUpdateFailed")
        // Batch 2 again under its own guid: refused as processed.
        h.expectRefusal(
            .deliverMessage(try h.delivery(epoch: 2, chain: 2)), from: Harness.abridge(2), chain: 2,
            "MessageAlreadyProcessed")
        // Batch 3 is never delivered. The diff names exactly what the replica missed.
        let diff1 = try h.state.diff(chainId: 2, epoch: 1)
        #expect(diff1.gaps == [1])
        #expect(
            Set(diff1.differences.map(\.field)) == [
                "totalWeight", "operator \(ops[0].address) registered",
                "operator \(ops[0].address) signingKey",
                "operator \(ops[0].address) p2pKey", "operator \(ops[0].address) weight",
            ])
        let weightDiff = try #require(
            diff1.differences.first { $0.field == "operator \(ops[0].address) weight" })
        #expect(weightDiff.main == "1000" && weightDiff.replica == "0")
        #expect(weightDiff.mainSequence != nil && weightDiff.replicaSequence == nil)
        // At epoch 2 the replica has ops[1] but still lacks ops[0]; total weight came with batch 2 and heals.
        let diff2 = try h.state.diff(chainId: 2, epoch: 2)
        #expect(
            Set(diff2.differences.map(\.field)) == [
                "operator \(ops[0].address) registered", "operator \(ops[0].address) signingKey",
                "operator \(ops[0].address) p2pKey", "operator \(ops[0].address) weight",
            ])
        let diff3 = try h.state.diff(chainId: 2, epoch: 3)
        #expect(diff3.differences.contains { $0.field == "operator \(ops[2].address) weight" })
        #expect(
            diff3.differences.contains {
                $0.field == "totalWeight" && $0.main == "3000" && $0.replica == "2000"
            })
    }

    @Test(
        "the same bundle is accepted on main and on a synced replica, refused on one that missed the batch"
    )
    func bundleAcrossChains() throws {
        var h = try Harness(threshold: 2000)
        try h.addReplica(2)
        try h.addReplica(3)
        let ops = try (0..<3).map { try Harness.Operator("s\($0)") }
        for op in ops { try h.register(op) }
        try h.send(to: 2)
        try h.send(to: 3)
        try h.advance(to: 45_001)
        try h.deliver(epoch: 1, to: 2)  // chain 3 never receives batch 1
        let digest = try StateClaim(
            user: ops[0].address, chainId: 2, blockNumber: 7, timestamp: 1, key: 1, value: 1
        )
        .digest(domain: h.genesis.resolverDomain)
        let bundle = SignatureBundle(
            sorting: ops.map { ($0.address, $0.signingKey.sign(digest: digest).bytes) },
            referenceEpoch: 1
        ).encoded()
        #expect(
            try h.state.isValidSignature(digest: digest, signatureData: bundle)
                == SignatureChecker.magicValue)
        #expect(
            try h.state.replicas[2]?.isValidSignature(digest: digest, signatureData: bundle)
                == SignatureChecker.magicValue)
        #expect(
            throws: ProtocolError.stakeRegistry(
                .invalidEpoch("referenceEpoch 1 is after the current epoch 0"))
        ) {
            try h.state.replicas[3]?.isValidSignature(digest: digest, signatureData: bundle)
        }
    }
}

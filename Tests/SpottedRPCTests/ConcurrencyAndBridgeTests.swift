import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import Testing

@Suite struct ConcurrencyAndBridgeTests {
    /// 32 senders at once: every transaction answered with its hash, each account's nonce 1, every
    /// value readable — the ingestor groups them; one sender's second concurrent transaction is
    /// refused as in flight or as the wrong nonce, never logged twice.
    @Test func concurrentSenders() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let sm = f.addresses.stateManager
        let keys = try (0..<32).map { try PrivateKey(Keccak256.hash("rpc/concurrent/\($0)")) }
        var raws = [String]()
        for (i, key) in keys.enumerated() {
            raws.append(
                try await f.transaction(
                    key, sm, "setValue(uint256,uint256)", [.uint(1), .uint(UInt256(UInt64(i)))]))
        }
        let hashes = await withTaskGroup(of: String?.self) { group in
            for raw in raws { group.addTask { try? await f.send(raw) } }
            var out = [String?]()
            for await hash in group { out.append(hash) }
            return out
        }
        #expect(hashes.compactMap { $0 }.count == keys.count)
        for (i, key) in keys.enumerated() {
            #expect(try await f.nonce(key.address) == 1)
            let value = try await f.call(
                sm, "getCurrentValue(address,uint256)", [.address(key.address), .uint(1)])
            #expect(try RPCFixture.uint(value) == UInt256(UInt64(i)))
        }
        // Two transactions of one sender with the same nonce at once: exactly one is logged.
        let a = try await f.transaction(
            keys[0], sm, "setValue(uint256,uint256)", [.uint(2), .uint(1)])
        let b = try await f.transaction(
            keys[0], sm, "setValue(uint256,uint256)", [.uint(2), .uint(2)])
        async let first = try? f.send(a)
        async let second = try? f.send(b)
        let answers = await [first, second]
        #expect(answers.compactMap { $0 }.count == 1)
        #expect(try await f.nonce(keys[0].address) == 2)
    }

    /// The owner adds a bridge route; an operator registers (queued for epoch 1); anyone sends the
    /// batch with the fee; a second send for the same epoch and chain reverts.
    @Test func queueAndSendABatch() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let bridge = Address(lowBytesOf: Keccak256.hash("rpc/bridge/2"))
        let receiver = Address(lowBytesOf: Keccak256.hash("rpc/receiver/2"))
        _ = try await f.send(
            try await f.transaction(
                f.ownerKey, f.genesis.registryStateSender, "addBridge(uint256,address,address)",
                [.uint(2), .address(bridge), .address(receiver)]))
        let op = try PrivateKey(Keccak256.hash("rpc/bridge/operator"))
        try await f.giveShares(op.address, block: 0x65)
        _ = try await f.send(try await f.registration(op, signingKey: op.address, salt: 3))
        let sender = try PrivateKey(Keccak256.hash("rpc/bridge/sender"))
        _ = try await f.send(
            try await f.transaction(
                sender, f.addresses.epochManager, "sendStateUpdates(uint256)", [.uint(2)],
                valueWei: f.genesis.bridgeFeeWei))
        let again = try await f.transaction(
            sender, f.addresses.epochManager, "sendStateUpdates(uint256)", [.uint(2)],
            valueWei: f.genesis.bridgeFeeWei)
        let refused = try await f.error("eth_sendRawTransaction", #"["\#(again)"]"#)
        #expect(refused.code == 3 && refused.message.contains("StateUpdatesAlreadySent"))
        #expect(try await f.nonce(sender.address) == 1)
        let info = try await f.call(
            f.genesis.registryStateSender, "getBridgeInfoByChainId(uint256)", [.uint(2)])
        #expect(info == bridge.word.bytes + receiver.word.bytes)
    }
}

@Suite struct ChallengeTests {
    /// An operator's signing key signs a `State` claim; after the owner configures a slashable
    /// strategy, anyone challenges it with the bond: the challenge id is the claim's task id, the
    /// `ChallengeSubmitted` log names it; a bond too small reverts.
    @Test func submitChallengeThroughTheResolver() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let op = try PrivateKey(Keccak256.hash("rpc/challenge/operator"))
        let signing = try PrivateKey(Keccak256.hash("rpc/challenge/signing"))
        try await f.giveShares(op.address, block: 0x64)
        _ = try await f.send(try await f.registration(op, signingKey: signing.address, salt: 5))
        let resolver = f.genesis.resolver
        _ = try await f.send(
            try await f.transaction(
                f.ownerKey, resolver, "setSlashableStrategies(address[])",
                [.array([.address(RPCFixture.strategy)])]))
        let user = Address(lowBytesOf: Keccak256.hash("rpc/challenge/user"))
        let claim = try StateClaim(
            user: user, chainId: 2, blockNumber: 50, timestamp: 1_690_000_000, key: 7, value: 99)
        let signature = signing.sign(digest: claim.digest(domain: f.genesis.resolverDomain)).bytes
        let state = ABIValue.tuple([
            .address(user), .uint(2), .uint(50), .uint(UInt256(UInt64(1_690_000_000))), .uint(7),
            .uint(99),
        ])
        let signatureType =
            "submitChallenge((address,uint32,uint64,uint48,uint256,uint256),bytes[])"
        let challenger = try PrivateKey(Keccak256.hash("rpc/challenge/challenger"))
        let small = try await f.transaction(
            challenger, resolver, signatureType, [state, .array([.bytes(signature)])],
            valueWei: UInt256(1))
        let refused = try await f.error("eth_sendRawTransaction", #"["\#(small)"]"#)
        #expect(
            refused.code == 3
                && refused.data
                    == Hex.encode(ABI.selector("StateDisputeResolver__InsufficientBond()"))
        )
        let hash = try await f.send(
            try await f.transaction(
                challenger, resolver, signatureType, [state, .array([.bytes(signature)])],
                valueWei: f.genesis.challengeBondWei))
        let receipt = try #require(
            try await f.request("eth_getTransactionReceipt", #"["\#(hash)"]"#)["result"]
                as? [String: Any])
        let topics = try #require(
            (receipt["logs"] as? [[String: Any]])?.first?["topics"] as? [String])
        #expect(
            topics == [
                Hex.encode(Keccak256.hash("ChallengeSubmitted(bytes32,address)").bytes),
                Hex.encode(claim.taskId.bytes), Hex.encode(challenger.address.word.bytes),
            ])
    }
}

import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import Testing

@Suite struct RelayAndStoredTransactionTests {
    /// With the relay on, a batch sent by `sendStateUpdates` reaches the replica without any
    /// hand-submitted delivery: the replica's registry answers the operator's weight on its chain,
    /// and the delivery is an entry sent by the replica's Abridge.
    @Test func relayDeliversTheBatch() async throws {
        let f = try await RPCFixture(relaysBridgeMessages: true)
        defer { Task { await f.close() } }
        let bridge = Address(lowBytesOf: Keccak256.hash("rpc/relay/bridge"))
        let receiver = Address(lowBytesOf: Keccak256.hash("rpc/relay/receiver"))
        _ = try await f.ingestor.submit(
            Action(
                .initializeReplica(abridge: bridge, receiver: receiver), chainId: 2,
                blockNumber: 1, timestamp: RPCFixture.now - 90, sender: f.ownerKey.address))
        _ = try await f.send(
            try await f.transaction(
                f.ownerKey, f.genesis.registryStateSender, "addBridge(uint256,address,address)",
                [.uint(2), .address(bridge), .address(receiver)]))
        let op = try PrivateKey(Keccak256.hash("rpc/relay/operator"))
        try await f.giveShares(op.address, block: 0x65)
        _ = try await f.send(try await f.registration(op, signingKey: op.address, salt: 5))
        let light = f.addresses.lightStakeRegistry
        let before = try await f.call(
            light, "getLastCheckpointOperatorWeight(address)", [.address(op.address)], chainId: 2)
        #expect(before == UInt256.zero.word.bytes)
        _ = try await f.send(
            try await f.transaction(
                op, f.addresses.epochManager, "sendStateUpdates(uint256)", [.uint(2)],
                valueWei: f.genesis.bridgeFeeWei))
        let after = try await f.call(
            light, "getLastCheckpointOperatorWeight(address)", [.address(op.address)], chainId: 2)
        #expect(after == UInt256(1000).word.bytes)
        let deliveries = try await f.ingestor.read { engine in
            engine.state.abridge.messages.values.filter { $0.deliveredSequence != nil }.count
        }
        #expect(deliveries == 1)
        #expect(try await f.nonce(bridge, chainId: 2) == 1, "the delivery is the Abridge's entry")
    }

    /// The raw transaction is stored beside its entry: a new handler over the same ledger (a
    /// restart) answers the receipt, and the replay of the included transaction is still refused.
    @Test func receiptsComeFromTheStoredTransactions() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let user = try PrivateKey(Keccak256.hash("rpc/stored/user"))
        let raw = try await f.transaction(
            user, f.addresses.stateManager, "setValue(uint256,uint256)", [.uint(4), .uint(40)])
        let hash = try await f.send(raw)
        let sequence = try await f.ingestor.read { $0.log.head.sequence }
        let stored = try await f.ingestor.read { try $0.log.transaction(at: sequence) }
        #expect(stored.map { Hex.encode($0) } == raw)
        let fresh = try JSONRPCHandler(ingestor: f.ingestor)
        let body =
            #"{"jsonrpc":"2.0","id":1,"method":"eth_getTransactionReceipt","params":["\#(hash)"]}"#
        let answer = String(
            decoding: await fresh.handle(body: Array(body.utf8), chainId: 1), as: UTF8.self)
        #expect(answer.contains(#""transactionHash":"\#(hash)""#))
        #expect(answer.contains(#""spottedSequence":"\#(sequence)""#))
        let replay =
            #"{"jsonrpc":"2.0","id":2,"method":"eth_sendRawTransaction","params":["\#(raw)"]}"#
        let refused = String(
            decoding: await fresh.handle(body: Array(replay.utf8), chainId: 1), as: UTF8.self)
        #expect(refused.contains("already known"))
    }
}

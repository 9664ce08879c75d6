import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import Testing

/// Receipts' logs and `eth_getLogs` carry the contracts' real event topics.
@Suite struct LogsTests {
    static func topic(_ file: String, _ name: String) throws -> String {
        let event = try #require(try ContractABI.named(file).event(named: name))
        return Hex.encode(event.topic.bytes)
    }

    @Test func receiptAndFilteredLogs() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let user = try PrivateKey(Keccak256.hash("rpc/logs/user"))
        let sm = f.addresses.stateManager
        let hash = try await f.send(
            try await f.transaction(
                user, sm, "batchSetValues((uint256,uint256)[])",
                [
                    .array([.tuple([.uint(1), .uint(10)]), .tuple([.uint(2), .uint(20)])])
                ]))
        let receipt = try #require(
            try await f.request("eth_getTransactionReceipt", #"["\#(hash)"]"#)["result"]
                as? [String: Any])
        let logs = try #require(receipt["logs"] as? [[String: Any]])
        let historyCommitted = try Self.topic("state_manager", "HistoryCommitted")
        #expect(logs.count == 2)
        #expect(logs.first?["address"] as? String == sm.lowercased)
        #expect(logs.first?["transactionHash"] as? String == hash)
        let topics = logs.first?["topics"] as? [String]
        #expect(
            topics == [
                historyCommitted, Hex.encode(user.address.word.bytes),
                Hex.encode(UInt256(1).word.bytes),
            ])
        // data = (value 10, timestamp, blockNumber 0x65).
        let data = try Hex.decode(try #require(logs.first?["data"] as? String))
        #expect(
            try ABI.decode(data, as: [.uint256, .uint256, .uint256]) == [
                .uint(10), .uint(UInt256(RPCFixture.now)), .uint(0x65),
            ])

        // Registration and an epoch advance: their events on their contracts.
        let op = try PrivateKey(Keccak256.hash("rpc/logs/operator"))
        try await f.giveShares(op.address, block: 0x66)
        _ = try await f.send(try await f.registration(op, signingKey: op.address, salt: 9))
        _ = try await f.send(
            try await f.transaction(op, f.addresses.epochManager, "advanceEpoch()"))

        let all = try #require(
            try await f.request("eth_getLogs", #"[{"fromBlock":"0x0","toBlock":"latest"}]"#)[
                "result"] as? [[String: Any]])
        let names = all.compactMap { ($0["topics"] as? [String])?.first }
        // The registration's own log, then the ones that need the state before it (weights 0 →
        // 1000, total 0 → 1000, the two updates it queued for the next epoch), all of its entry.
        #expect(
            names == [
                historyCommitted, historyCommitted,
                try Self.topic("ecdsa_stake_registry", "OperatorRegistered"),
                try Self.topic("ecdsa_stake_registry", "OperatorWeightUpdated"),
                try Self.topic("ecdsa_stake_registry", "TotalWeightUpdated"),
                try Self.topic("epoch_manager", "StateUpdateQueued"),
                try Self.topic("epoch_manager", "StateUpdateQueued"),
                try Self.topic("epoch_manager", "EpochAdvanced"),
            ])
        #expect(Set(all[2...6].map { $0["spottedSequence"] as? String }).count == 1)
        let weightData = try Hex.decode(try #require(all[3]["data"] as? String))
        #expect(try ABI.decode(weightData, as: [.uint256, .uint256]) == [.uint(0), .uint(1000)])
        #expect(
            (all[3]["topics"] as? [String])?.last == Hex.encode(op.address.word.bytes))
        #expect(all[3]["logIndex"] as? String == "0x1")
        let registered =
            #"[{"address":"\#(f.addresses.stakeRegistry.lowercased)","topics":["\#(try Self.topic("ecdsa_stake_registry", "OperatorRegistered"))","\#(Hex.encode(op.address.word.bytes))"]}]"#
        let byOperator = try #require(
            try await f.request("eth_getLogs", registered)["result"] as? [[String: Any]])
        #expect(byOperator.count == 1)
        let other = #"[{"topics":[null,"\#(Hex.encode(Word.zero.bytes))"]}]"#
        #expect((try await f.request("eth_getLogs", other)["result"] as? [Any])?.count == 0)
        let range = #"[{"fromBlock":"0x66","toBlock":"0x66"}]"#
        #expect((try await f.request("eth_getLogs", range)["result"] as? [Any])?.count == 0)
        let badTopic = try await f.error("eth_getLogs", #"[{"topics":["0x12"]}]"#)
        #expect(badTopic.code == -32602 && badTopic.message.contains("filter.topics[0]"))
    }
}

@Suite struct BlockTests {
    @Test func blocksByNumber() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let (_, hash) = try await f.sendSetValue("rpc/blocks/user")
        let latest = try #require(
            try await f.request("eth_getBlockByNumber", #"["latest",false]"#)["result"]
                as? [String: Any])
        #expect(latest["number"] as? String == "0x65")
        #expect(latest["transactions"] as? [String] == [hash])
        #expect(latest["timestamp"] as? String == "0x" + String(RPCFixture.now, radix: 16))
        #expect(latest["baseFeePerGas"] as? String == "0x3b9aca00")
        let expected = TransactionReceipt.blockHash(chainId: 1, blockNumber: 0x65)
        #expect(latest["hash"] as? String == Hex.encode(expected.bytes))
        #expect(
            latest["parentHash"] as? String
                == Hex.encode(TransactionReceipt.blockHash(chainId: 1, blockNumber: 0x64).bytes))
        // The genesis block holds the genesis entry (named by its entry hash); a future block is null.
        let genesis = try #require(
            try await f.request("eth_getBlockByNumber", #"["0x64",false]"#)["result"]
                as? [String: Any])
        #expect((genesis["transactions"] as? [String])?.count == 1)
        #expect(try await f.request("eth_getBlockByNumber", #"["0x66",false]"#)["result"] is NSNull)
    }

    @Test(
        "full blocks: a signed transaction's object is eth_getTransactionByHash's; an entry that came otherwise is a system transaction"
    )
    func fullBlocks() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let (user, hash) = try await f.sendSetValue("rpc/blocks/user")
        let latest = try #require(
            try await f.request("eth_getBlockByNumber", #"["latest",true]"#)["result"]
                as? [String: Any])
        let objects = try #require(latest["transactions"] as? [[String: Any]])
        let byHash = try #require(
            try await f.request("eth_getTransactionByHash", "[\"\(hash)\"]")["result"]
                as? [String: Any])
        #expect(objects.count == 1)
        #expect(NSDictionary(dictionary: objects[0]) == NSDictionary(dictionary: byHash))
        #expect(objects[0]["from"] as? String == user.address.lowercased)
        // The same block by hash, full.
        let blockHash = try #require(latest["hash"] as? String)
        let again = try #require(
            try await f.request("eth_getBlockByHash", "[\"\(blockHash)\",true]")["result"]
                as? [String: Any])
        #expect(NSDictionary(dictionary: again) == NSDictionary(dictionary: latest))
        // The genesis entry did not come as a transaction: its entry hash, its sender, no
        // recipient, no input, a zero signature.
        let genesis = try #require(
            try await f.request("eth_getBlockByNumber", #"["0x64",true]"#)["result"]
                as? [String: Any])
        let hashes = try #require(
            try await f.request("eth_getBlockByNumber", #"["0x64",false]"#)["result"]
                as? [String: Any])
        let system = try #require((genesis["transactions"] as? [[String: Any]])?.first)
        #expect(system["hash"] as? String == (hashes["transactions"] as? [String])?.first)
        #expect(system["to"] is NSNull && system["input"] as? String == "0x")
        #expect(system["v"] as? String == "0x0" && system["r"] as? String == "0x0")
        #expect(system["transactionIndex"] as? String == "0x0")
        #expect(system["blockHash"] as? String == genesis["hash"] as? String)
        let bad = try await f.request("eth_getBlockByNumber", #"["latest","yes"]"#)
        let error = try #require(bad["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32602)
        #expect((error["message"] as? String)?.contains("full") == true)
    }
}

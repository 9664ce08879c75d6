import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import Testing

/// `eth_sendRawTransaction`: signed writes become ledger actions; nonces, chain ids, replays,
/// signatures and owner-only functions are checked.
@Suite struct RawTransactionTests {
    static func userKey() throws -> PrivateKey { try PrivateKey(Keccak256.hash("rpc/user")) }

    @Test func setValueThroughBothTransactionKinds() async throws {
        let f = try await RPCFixture()
        let user = try Self.userKey()
        defer { Task { await f.close() } }
        let sm = f.addresses.stateManager
        #expect(try await f.nonce(user.address) == 0)
        let raw = try await f.transaction(
            user, sm, "setValue(uint256,uint256)", [.uint(7), .uint(42)])
        let hash = try await f.send(raw)
        #expect(hash == Hex.encode(Keccak256.hash(try Hex.decode(raw)).bytes))
        #expect(try await f.nonce(user.address) == 1)
        let legacy = try await f.transaction(
            user, sm, "setValue(uint256,uint256)", [.uint(7), .uint(43)], kind: .legacy)
        _ = try await f.send(legacy)
        #expect(try await f.nonce(user.address) == 2)
        let current = try await f.call(
            sm, "getCurrentValue(address,uint256)", [.address(user.address), .uint(7)])
        #expect(try RPCFixture.uint(current) == 43)
        #expect(
            try RPCFixture.uint(
                await f.call(
                    sm, "getHistoryCount(address,uint256)", [.address(user.address), .uint(7)]))
                == 2)
        // Receipt: status 1, block after the genesis block, sender recovered.
        let receipt = try await f.request("eth_getTransactionReceipt", #"["\#(hash)"]"#)
        let fields = try #require(receipt["result"] as? [String: Any])
        #expect(fields["status"] as? String == "0x1")
        #expect(fields["from"] as? String == user.address.lowercased)
        #expect(fields["to"] as? String == sm.lowercased)
        #expect(fields["blockNumber"] as? String == "0x65")
        #expect(try await f.result("eth_blockNumber") == "0x66")
        let unknown = try await f.request(
            "eth_getTransactionReceipt", #"["0x\#(String(repeating: "ab", count: 32))"]"#)
        #expect(unknown["result"] is NSNull)
        // The same bytes again: already known; a new transaction with a used nonce: too low.
        let again = try await f.error("eth_sendRawTransaction", #"["\#(raw)"]"#)
        #expect(again.code == -32000 && again.message.contains("already known"))
        let low = try await f.transaction(
            user, sm, "setValue(uint256,uint256)", [.uint(8), .uint(1)], nonce: 0)
        let tooLow = try await f.error("eth_sendRawTransaction", #"["\#(low)"]"#)
        #expect(tooLow.code == -32000 && tooLow.message.contains("nonce too low: 0, next is 2"))
        let high = try await f.transaction(
            user, sm, "setValue(uint256,uint256)", [.uint(8), .uint(1)], nonce: 5)
        #expect(
            try await f.error("eth_sendRawTransaction", #"["\#(high)"]"#).message.contains(
                "nonce too high"))
    }

    @Test func refusedTransactions() async throws {
        let f = try await RPCFixture()
        let user = try Self.userKey()
        defer { Task { await f.close() } }
        let sm = f.addresses.stateManager
        // Signed for chain 5: refused on chain 1 (replay from another network).
        let other = TransactionRequest(
            kind: .dynamicFee, chainId: 5, nonce: 0, to: sm,
            data: try ABI.encodeCall(
                "setValue(uint256,uint256)", [.uint(1), .uint(1)], as: [.uint256, .uint256])
        ).signed(with: user)
        let wrongChain = try await f.error(
            "eth_sendRawTransaction", #"["\#(Hex.encode(other.raw))"]"#)
        #expect(wrongChain.code == -32000 && wrongChain.message.contains("transaction.chainId: 5"))
        // Type 0x01 and bad RLP: invalid params naming the transaction.
        let typed = try await f.error("eth_sendRawTransaction", #"["0x01c0"]"#)
        #expect(typed.code == -32602 && typed.message.contains("type 0x1 is not supported"))
        let badRLP = try await f.error("eth_sendRawTransaction", #"["0xf8"]"#)
        #expect(badRLP.code == -32602 && badRLP.message.contains("rlp"))
        // High s: the malleated twin of a valid signature.
        let valid = try Hex.decode(
            try await f.transaction(user, sm, "setValue(uint256,uint256)", [.uint(1), .uint(1)]))
        var items = try RLP.decode(Array(valid.dropFirst())).list(field: "tx")
        let s = try items[11].uint256(field: "s")
        items[11] = .uint(UInt256(ECDSA.curveOrder).subtractingReportingOverflow(s).partialValue)
        items[9] = .uint(try items[9].uint64(field: "y") ^ 1)
        let highS = try await f.error(
            "eth_sendRawTransaction", #"["\#(Hex.encode([2] + RLP.encode(.list(items))))"]"#)
        #expect(highS.code == -32602 && highS.message.contains("high s"))
        // Unknown selector on a contract: reverts with empty data, nothing logged, nonce unchanged.
        let unknown = TransactionRequest(
            kind: .dynamicFee, chainId: 1, nonce: 0, to: sm, data: [1, 2, 3, 4]
        )
        .signed(with: user)
        let noFunction = try await f.error(
            "eth_sendRawTransaction", #"["\#(Hex.encode(unknown.raw))"]"#)
        #expect(noFunction.code == 3 && noFunction.data == "0x")
        #expect(try await f.nonce(user.address) == 0)
        // A view sent as a transaction, and a transaction to no contract.
        let view = try await f.transaction(
            user, sm, "getHistoryCount(address,uint256)", [.address(user.address), .uint(1)])
        #expect(
            try await f.error("eth_sendRawTransaction", #"["\#(view)"]"#).message.contains(
                "use eth_call"))
        let nowhere = try await f.transaction(
            user, Address(lowBytesOf: Keccak256.hash("x")), "setValue(uint256,uint256)",
            [.uint(1), .uint(1)])
        #expect(
            try await f.error("eth_sendRawTransaction", #"["\#(nowhere)"]"#).message.contains(
                "no contract"))
        // Owner-only: the user is refused with OZ v5's OwnableUnauthorizedAccount(user).
        let threshold = try await f.transaction(
            user, f.addresses.stakeRegistry, "updateStakeThreshold(uint256)", [.uint(900)])
        let notOwner = try await f.error("eth_sendRawTransaction", #"["\#(threshold)"]"#)
        #expect(notOwner.code == 3)
        #expect(
            notOwner.data
                == Hex.encode(
                    ABI.selector("OwnableUnauthorizedAccount(address)") + user.address.word.bytes))
        #expect(try await f.nonce(user.address) == 0)
        // Value sent to a non-payable function reverts with empty data.
        let paid = try await f.transaction(
            user, sm, "setValue(uint256,uint256)", [.uint(1), .uint(1)], valueWei: UInt256(1))
        let notPayable = try await f.error("eth_sendRawTransaction", #"["\#(paid)"]"#)
        #expect(
            notPayable.code == 3 && notPayable.data == "0x"
                && notPayable.message.contains("not payable"))
        #expect(try await f.result("eth_getCode", #"["\#(sm.lowercased)","latest"]"#) == "0xfe")
        #expect(
            try await f.result("eth_getCode", #"["\#(user.address.lowercased)","latest"]"#) == "0x")
    }

    @Test func registerRotateAndAdvanceEpochs() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let registry = f.addresses.stakeRegistry
        let op = try PrivateKey(Keccak256.hash("rpc/operator"))
        let signingKey = try PrivateKey(Keccak256.hash("rpc/operator/signing"))
        try await f.giveShares(op.address, block: RPCFixture.genesisBlock)
        _ = try await f.send(
            try await f.registration(
                op, signingKey: signingKey.address, salt: 1, validSeconds: 3600))
        #expect(
            try await f.call(registry, "operatorRegistered(address)", [.address(op.address)]).last
                == 1)
        // The registration takes effect in epoch 1: weight 0 at epoch 0, 1000 at epoch 1.
        let weightAt = { (epoch: UInt64) async throws -> UInt256 in
            try RPCFixture.uint(
                await f.call(
                    registry, "getOperatorWeightAtEpoch(address,uint32)",
                    [.address(op.address), .uint(UInt256(epoch))]))
        }
        #expect(try await weightAt(0) == 0)
        #expect(try await weightAt(1) == 1000)
        // Registering again: the registry's custom error OperatorAlreadyRegistered().
        let again = try await f.registration(
            op, signingKey: signingKey.address, salt: 1, validSeconds: 3600)
        let refused = try await f.error("eth_sendRawTransaction", #"["\#(again)"]"#)
        #expect(
            refused.code == 3
                && refused.data == Hex.encode(ABI.selector("OperatorAlreadyRegistered()")))
        // advanceEpoch moves the main chain to the next epoch's first block.
        _ = try await f.send(
            try await f.transaction(op, f.addresses.epochManager, "advanceEpoch()"))
        #expect(try RPCFixture.uint(await f.call(f.addresses.epochManager, "currentEpoch()")) == 1)
        #expect(try await f.result("eth_blockNumber") == "0xc8")
        // The owner raises the threshold; it takes effect in epoch 2.
        _ = try await f.send(
            try await f.transaction(
                f.ownerKey, registry, "updateStakeThreshold(uint256)", [.uint(900)]))
        let thresholdAt = { (epoch: UInt64) async throws -> UInt256 in
            try RPCFixture.uint(
                await f.call(registry, "getThresholdWeightAtEpoch(uint32)", [.uint(UInt256(epoch))])
            )
        }
        #expect(try await thresholdAt(1) == 500)
        #expect(try await thresholdAt(2) == 900)
    }
}

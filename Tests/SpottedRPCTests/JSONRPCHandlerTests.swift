import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import Testing

/// The JSON-RPC endpoint over a live ledger: protocol envelope, reads, signed writes, refusals.
@Suite struct JSONRPCHandlerTests {
    @Test func envelopeAndErrorCodes() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        #expect(try await f.result("eth_chainId") == "0x1")
        #expect(try await f.result("net_version") == "1")
        #expect(try await f.result("eth_blockNumber") == "0x64")
        #expect(try await f.result("eth_gasPrice") == "0x3b9aca00")
        #expect(try await f.result("eth_estimateGas", #"[{}]"#) == "0xf4240")
        #expect(
            await f.raw("{nope")
                == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: the body is not JSON: expected a member name at byte 1"}}"#
        )
        #expect(try await f.error("eth_fooBar").code == -32601)
        let unknownChain = try await f.error("eth_chainId", chainId: 99)
        #expect(unknownChain.code == -32000 && unknownChain.message.contains("chain 99"))
        let badAddress = try await f.error("eth_getTransactionCount", #"["0x12","latest"]"#)
        #expect(badAddress.code == -32602 && badAddress.message.contains("address"))
        let badHex = try await f.error("eth_sendRawTransaction", #"["0xzz"]"#)
        #expect(badHex.code == -32602 && badHex.message.contains("transaction"))
        #expect(
            try await f.error("eth_call", "[]").message == "invalid params: transaction: missing")
        // A batch answers each request in order; a notification (no id) gets no answer.
        let batch = await f.raw(
            #"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","method":"eth_chainId"},{"jsonrpc":"2.0","id":"b","method":"nope"}]"#
        )
        #expect(
            batch
                == #"[{"jsonrpc":"2.0","id":1,"result":"0x1"},{"jsonrpc":"2.0","id":"b","error":{"code":-32601,"message":"method not found: nope"}}]"#
        )
        #expect(await f.raw(#"{"jsonrpc":"2.0","method":"eth_chainId"}"#) == "")
        #expect(await f.raw("[]").contains("-32600"))
        #expect(await f.raw(#"{"id":1,"method":"eth_chainId"}"#).contains("-32600"))
    }

    @Test func viewsOfTheGenesis() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let registry = f.addresses.stakeRegistry
        #expect(
            try RPCFixture.uint(
                await f.call(registry, "getThresholdWeightAtEpoch(uint32)", [.uint(0)])) == 500)
        let quorum = try await f.call(registry, "quorum()")
        #expect(
            try ABI.decode(quorum, as: [ABIType(parsing: "((address,uint96)[])")])
                == [f.genesis.quorum.abiValue])
        #expect(
            try RPCFixture.uint(await f.call(f.addresses.epochManager, "EPOCH_LENGTH()")) == 100)
        #expect(try RPCFixture.uint(await f.call(f.addresses.epochManager, "currentEpoch()")) == 0)
        let owner = try await f.call(registry, "owner()")
        #expect(owner == f.ownerKey.address.word.bytes)
        // No code at an address: empty result. Unknown selector: revert with empty data.
        #expect(try await f.call(Address(lowBytesOf: Keccak256.hash("nobody")), "owner()").isEmpty)
        let unknown = try await f.error(
            "eth_call", #"[{"to":"\#(registry.lowercased)","data":"0xdeadbeef"},"latest"]"#)
        #expect(unknown.code == 3 && unknown.data == "0x")
        // A StateManager refusal carries the contract's custom error selector.
        let data = try ABI.encodeCall(
            "getHistoryAt(address,uint256,uint256)", [.address(registry), .uint(1), .uint(0)],
            as: [.address, .uint256, .uint256])
        let refused = try await f.error(
            "eth_call",
            #"[{"to":"\#(f.addresses.stateManager.lowercased)","data":"\#(Hex.encode(data))"}]"#)
        let selector = try ContractABI.named("state_manager").error(
            named: "StateManager__IndexOutOfBounds")?.selector
        #expect(refused.code == 3 && refused.data == selector.map { Hex.encode($0) })
        // isValidSignature with no operators: InvalidLength, the registry's custom error.
        let bundle = SignatureBundle(operators: [], signatures: [], referenceEpoch: 0).encoded()
        let isValid = try ABI.encodeCall(
            "isValidSignature(bytes32,bytes)", [.fixedBytes(Word.zero.bytes), .bytes(bundle)],
            as: [.bytes32, .bytes])
        let invalid = try await f.error(
            "eth_call", #"[{"to":"\#(registry.lowercased)","data":"\#(Hex.encode(isValid))"}]"#)
        #expect(invalid.data == Hex.encode(ABI.selector("InvalidLength()")))
    }
}

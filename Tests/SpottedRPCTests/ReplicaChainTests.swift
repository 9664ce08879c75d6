import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import SpottedSimulation
import SpottedTestSupport
import Testing

/// A simulated ledger with replicas: each replica chain is its own network whose
/// LightStakeRegistry answers what the ledger's replica holds; its registry takes no writes.
@Suite struct ReplicaChainTests {
    @Test func replicaRegistryOverItsChain() async throws {
        let directory = TemporaryDirectory("rpc-replica")
        defer { directory.cleanup() }
        var options = Simulator.Options()
        options.seed = 5
        options.operators = 6
        options.chains = 2
        options.epochs = 3
        var simulator = Simulator(options: options)
        let engine = try Engine(directory: directory.path)
        try simulator.run(into: engine)
        let state = engine.state
        let replica = try #require(state.replicas[2])
        let applied = try #require(replica.lastAppliedEpoch)
        let ingestor = Ingestor(engine: engine)
        let rpc = try JSONRPCHandler(ingestor: ingestor)
        let light = ContractAddresses.derived("LightStakeRegistry")
        func call(_ data: [UInt8], chainId: UInt64, to: Address = light) async throws -> [String:
            Any]
        {
            let body =
                #"{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"\#(to.lowercased)","data":"\#(Hex.encode(data))"},"latest"]}"#
            let answer = await rpc.handle(body: Array(body.utf8), chainId: chainId)
            return try #require(
                try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])
        }
        // No fallback: empty calldata reverts with empty data, as the contract would.
        let empty = try await call([], chainId: 2)
        #expect((empty["error"] as? [String: Any])?["data"] as? String == "0x")
        var checked = 0
        for op in replica.registry.operators.keys.sorted() {
            let data = try ABI.encodeCall(
                "getOperatorWeightAtEpoch(address,uint32)",
                [.address(op), .uint(UInt256(UInt64(applied)))],
                as: [.address, .uint(32)])
            let result = try #require(try await call(data, chainId: 2)["result"] as? String)
            let weight = try ABI.decode(try Hex.decode(result), as: [.uint256]).first?.uint
            #expect(weight == replica.registry.weight(of: op, at: applied))
            // The same operator's weight at that epoch on the main chain's registry.
            let main = try #require(
                try await call(
                    data, chainId: 1, to: ContractAddresses.derived("ECDSAStakeRegistry"))["result"]
                    as? String)
            #expect(main == result)
            checked += 1
        }
        #expect(checked > 0)
        // The main registry's address is no contract on a replica chain; chain 9 is no chain.
        let onReplica = try await call(
            ABI.selector("quorum()"), chainId: 2,
            to: ContractAddresses.derived("ECDSAStakeRegistry"))
        #expect(onReplica["result"] as? String == "0x")
        let unknown = try await call(ABI.selector("quorum()"), chainId: 9)
        #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32000)
        // A write to the light registry is refused: it is written only through the bridge.
        let key = try PrivateKey(Keccak256.hash("rpc/replica/user"))
        let tx = TransactionRequest(
            kind: .dynamicFee, chainId: 2, nonce: 0, to: light,
            data: ABI.selector("minimumWeight()"))
        let send =
            #"{"jsonrpc":"2.0","id":2,"method":"eth_sendRawTransaction","params":["\#(Hex.encode(tx.signed(with: key).raw))"]}"#
        let refused = String(
            decoding: await rpc.handle(body: Array(send.utf8), chainId: 2), as: UTF8.self)
        #expect(
            refused.contains("-32000")
                && refused.contains("written only by its RegistryStateReceiver"))
        // StateManager writes on the replica chain are accepted.
        let write = TransactionRequest(
            kind: .legacy, chainId: 2, nonce: 0, to: ContractAddresses.derived("StateManager"),
            data: try ABI.encodeCall(
                "setValue(uint256,uint256)", [.uint(3), .uint(4)], as: [.uint256, .uint256]))
        let accepted =
            #"{"jsonrpc":"2.0","id":3,"method":"eth_sendRawTransaction","params":["\#(Hex.encode(write.signed(with: key).raw))"]}"#
        let answer = String(
            decoding: await rpc.handle(body: Array(accepted.utf8), chainId: 2), as: UTF8.self)
        #expect(answer.contains("\"result\":\"0x"))
        // The chain's RemoteChainVerifier (deployed by the simulator) verifies that write.
        let verifier = try #require(state.remoteChainVerifier.deployments[2])
        let mainChainId = try #require(
            try await call(ABI.selector("mainChainId()"), chainId: 2, to: verifier)["result"]
                as? String)
        #expect(try ABI.decode(try Hex.decode(mainChainId), as: [.uint256]) == [.uint(1)])
        let block = try #require(try await rpcResult(rpc, "eth_blockNumber", chainId: 2))
        let verify = TransactionRequest(
            kind: .dynamicFee, chainId: 2, nonce: 1, to: verifier,
            valueWei: simulator.genesis.bridgeFeeWei,
            data: try ABI.encodeCall(
                "verifyState(address,uint256,uint256)",
                [
                    .address(key.address), .uint(3),
                    .uint(UInt256(UInt64(block.dropFirst(2), radix: 16) ?? 0)),
                ],
                as: [.address, .uint256, .uint256]))
        let verified =
            #"{"jsonrpc":"2.0","id":4,"method":"eth_sendRawTransaction","params":["\#(Hex.encode(verify.signed(with: key).raw))"]}"#
        let verifyAnswer = String(
            decoding: await rpc.handle(body: Array(verified.utf8), chainId: 2), as: UTF8.self)
        #expect(verifyAnswer.contains("\"result\":\"0x"), "\(verifyAnswer)")
        await ingestor.shutdown()
    }
}

/// The string result of a parameterless method.
func rpcResult(_ rpc: JSONRPCHandler, _ method: String, chainId: UInt64) async throws -> String? {
    let body = #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":[]}"#
    let answer = await rpc.handle(body: Array(body.utf8), chainId: chainId)
    return (try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])?["result"]
        as? String
}

import Ethereum
import Foundation
import SpottedRPC
import Testing

/// What wallets ask before they sign: balances (none are kept) and the fee history.
@Suite struct FeeTests {
    @Test("eth_getBalance is 0 for any well-formed address; a malformed one is -32602 naming it")
    func balance() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        let address = try PrivateKey(Keccak256.hash("rpc/fees/user")).address
        #expect(try await f.result("eth_getBalance", "[\"\(address)\",\"latest\"]") == "0x0")
        let bad = try await f.error("eth_getBalance", #"["0x1234","latest"]"#)
        #expect(bad.code == -32602 && bad.message.contains("address"))
    }

    @Test(
        "eth_feeHistory: the constant base fee for each block and the next, each block's gasUsed / gasLimit, the priority fee per percentile"
    )
    func feeHistory() async throws {
        let f = try await RPCFixture()
        defer { Task { await f.close() } }
        _ = try await f.sendSetValue("rpc/fees/user")
        let history = try #require(
            try await f.request("eth_feeHistory", #"["0x3","latest",[10,90]]"#)["result"]
                as? [String: Any])
        let block = try #require(
            try await f.request("eth_getBlockByNumber", #"["latest",false]"#)["result"]
                as? [String: Any])
        let head = try #require(UInt64((block["number"] as? String ?? "").dropFirst(2), radix: 16))
        #expect(history["oldestBlock"] as? String == "0x" + String(head - 2, radix: 16))
        #expect(history["baseFeePerGas"] as? [String] == Array(repeating: "0x3b9aca00", count: 4))
        let ratios = try #require(history["gasUsedRatio"] as? [Double])
        let used = try #require(UInt64((block["gasUsed"] as? String ?? "").dropFirst(2), radix: 16))
        let limit = try #require(
            UInt64((block["gasLimit"] as? String ?? "").dropFirst(2), radix: 16))
        #expect(ratios.count == 3 && ratios[2] == Double(used) / Double(limit) && ratios[2] > 0)
        let rewards = try #require(history["reward"] as? [[String]])
        let tip = try await f.result("eth_maxPriorityFeePerGas")
        #expect(rewards == Array(repeating: [tip, tip], count: 3))
        // A JSON integer count, no percentiles: no reward; more blocks than exist: from block 0.
        let all = try #require(
            try await f.request("eth_feeHistory", #"[100000,"latest"]"#)["result"]
                as? [String: Any])
        #expect(all["oldestBlock"] as? String == "0x0" && all["reward"] == nil)
        #expect((all["gasUsedRatio"] as? [Double])?.count == Int(head) + 1)
        for (params, field) in [
            (#"["0x0","latest"]"#, "blockCount"), (#"["0x2","0xffff"]"#, "newestBlock"),
            (#"["0x2","latest",[90,10]]"#, "rewardPercentiles"),
            (#"["0x2","latest",[101]]"#, "rewardPercentiles"),
        ] {
            let error = try await f.error("eth_feeHistory", params)
            #expect(error.code == -32602 && error.message.contains(field), "\(params)")
        }
    }
}

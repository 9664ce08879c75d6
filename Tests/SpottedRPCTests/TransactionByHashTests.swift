import Ethereum
import Foundation
import Testing

@testable import SpottedRPC

/// `eth_getTransactionByHash`'s object, from the EIP-1559 vector with a non-empty access list
/// (Tests/EthereumTests/TransactionTests: eth-account 0.14.0).
@Suite struct TransactionByHashTests {
    @Test(
        "a type 2 transaction's object: fee caps, yParity, its access list read from the raw bytes")
    func dynamicFeeObject() throws {
        let raw = try Hex.decode(
            "02f8ca827a6903843b9aca008477359400830186a094353535353535353535353535353535353535353580a4ee997bd80000000000000000000000000000000000000000000000000000000000000007f838f7941111111111111111111111111111111111111111e1a0000000000000000000000000000000000000000000000000000000000000000101a057c51b90f959c3c7e1f79841804535c6ae1a5000268f5bbd78e542f9aebdb88da00e7f4ce147113a6f6366364c760cc804f66084615441c47825a7f8466c4e3d93"
        )
        let tx = try SignedTransaction(raw: raw)
        let receipt = TransactionReceipt(
            transactionHash: tx.hash, sequence: 12, entryHash: .zero, chainId: 31337,
            blockNumber: 40, from: try tx.sender(), to: try #require(tx.to), nonce: tx.nonce,
            type: tx.kind.rawValue)
        let object = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    JSONRPCHandler.transactionJSON(tx, receipt, effectivePriceWei: UInt256(7)).bytes
                )) as? [String: Any])
        #expect(object["type"] as? String == "0x2")
        #expect(object["nonce"] as? String == "0x3")
        #expect(object["maxPriorityFeePerGas"] as? String == "0x3b9aca00")
        #expect(object["maxFeePerGas"] as? String == "0x77359400")
        #expect(object["gasPrice"] as? String == "0x7")
        #expect(object["gas"] as? String == "0x186a0")
        #expect(object["yParity"] as? String == "0x1" && object["v"] as? String == "0x1")
        #expect(object["from"] as? String == "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
        #expect(
            object["hash"] as? String
                == "0x518ca1504b1ad129d73bed25b12795fbd9a6969877f448a6b07591c574b618ef")
        #expect(object["blockNumber"] as? String == "0x28")
        let accessList = try #require(object["accessList"] as? [[String: Any]])
        #expect(accessList.count == 1)
        #expect(
            accessList.first?["address"] as? String == "0x" + String(repeating: "11", count: 20))
        #expect(
            accessList.first?["storageKeys"] as? [String]
                == ["0x" + String(repeating: "0", count: 63) + "1"])
    }
}

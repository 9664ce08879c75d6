import Ethereum

/// What the endpoint answers for an included transaction: where it landed in the log and on its
/// chain, and the logs its event emitted.
public struct TransactionReceipt: Sendable, Hashable {
    /// keccak256 of the raw transaction.
    public let transactionHash: Word
    /// The log sequence of the transaction's entry.
    public let sequence: UInt64
    /// The entry's hash in the log's hash chain.
    public let entryHash: Word
    /// The chain.
    public let chainId: UInt64
    /// The block the entry was logged at on that chain.
    public let blockNumber: UInt64
    /// The sender recovered from the signature.
    public let from: Address
    /// The contract called.
    public let to: Address
    /// The transaction's nonce.
    public let nonce: UInt64
    /// 0 for legacy, 2 for EIP-1559.
    public let type: UInt8

    /// The documented block hash: keccak256("spotted-ledger/block" ‖ u64 chainId ‖ u64 block).
    public static func blockHash(chainId: UInt64, blockNumber: UInt64) -> Word {
        var bytes = Array("spotted-ledger/block".utf8)
        for value in [chainId, blockNumber] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return Keccak256.hash(bytes)
    }
}

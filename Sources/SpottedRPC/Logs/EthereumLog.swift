import Ethereum

/// One Ethereum log (event) derived from a ledger entry: the contract, its topics and data, and
/// where the entry sits on its chain and in the log.
public struct EthereumLog: Sendable, Hashable {
    /// The emitting contract.
    public let address: Address
    /// Topic 0 (the event's signature hash) and the indexed arguments.
    public let topics: [Word]
    /// The ABI-encoded non-indexed arguments.
    public let data: [UInt8]
    /// The chain.
    public let chainId: UInt64
    /// The entry's block on that chain.
    public let blockNumber: UInt64
    /// The entry's log sequence.
    public let sequence: UInt64
    /// The entry's hash in the log's hash chain.
    public let entryHash: Word
    /// The position of this log among the entry's logs.
    public let indexInEntry: Int
}

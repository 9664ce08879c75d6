import Ethereum

/// A batch's identity: the epoch it carries and the chain it goes to.
public struct BatchKey: Hashable, Comparable, Sendable {
    /// The epoch whose updates the batch carries.
    public var epoch: UInt32
    /// The destination chain.
    public var chainId: UInt64
    /// The batch of `epoch` for `chainId`.
    public init(epoch: UInt32, chainId: UInt64) {
        self.epoch = epoch
        self.chainId = chainId
    }
    /// Ordered by epoch, then chain.
    public static func < (a: BatchKey, b: BatchKey) -> Bool {
        (a.epoch, a.chainId) < (b.epoch, b.chainId)
    }
}

/// The EpochManager: the current epoch, registry updates queued into the epoch they take effect
/// in, and which batch went to which chain (spec §3–5; D8).
public struct EpochManager: Hashable, Sendable {
    /// The main-chain epoch whose transition event was the last one recorded.
    public internal(set) var currentEpoch: UInt32 = 0
    /// Updates queued for each effective epoch; dropped once their batch can no longer be sent.
    public internal(set) var queue: [UInt32: [StateUpdate]] = [:]
    /// Batches sent, by (epoch, chain), with their message guid.
    public internal(set) var sentBatches: [BatchKey: Word] = [:]
    /// Batches that can no longer be sent: their epoch started before they were.
    public internal(set) var missedBatches: Set<BatchKey> = []

    /// Epoch 0, nothing queued.
    public init() {}
}

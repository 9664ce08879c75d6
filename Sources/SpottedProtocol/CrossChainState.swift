import Ethereum

/// RegistryStateSender's bridge and receiver for one destination chain.
public struct BridgeRoute: Hashable, Sendable {
    public var bridge: Address
    public var receiver: Address
    public init(bridge: Address, receiver: Address) { self.bridge = bridge; self.receiver = receiver }
}

/// A batch's identity: the epoch it carries and the chain it goes to.
public struct BatchKey: Hashable, Comparable, Sendable {
    public var epoch: UInt32
    public var chainId: UInt64
    public init(epoch: UInt32, chainId: UInt64) { self.epoch = epoch; self.chainId = chainId }
    public static func < (a: BatchKey, b: BatchKey) -> Bool { (a.epoch, a.chainId) < (b.epoch, b.chainId) }
}

/// A message the source Abridge sent, and whether and when it was delivered.
public struct BridgeMessage: Hashable, Sendable {
    public var sourceChainId: UInt64
    public var destinationChainId: UInt64
    public var from: Address
    public var to: Address
    /// The bytes sent, until delivered; then emptied (the log keeps them) and only the hash stays.
    public var payload: [UInt8]
    public var payloadHash: Word
    /// The fee the bridge took, and what the caller paid above it (D10: recorded, not lost silently).
    public var fee: UInt256
    public var surplus: UInt256
    public var sentSequence: UInt64
    public var deliveredSequence: UInt64?

    public init(sourceChainId: UInt64, destinationChainId: UInt64, from: Address, to: Address, payload: [UInt8],
                fee: UInt256, surplus: UInt256, sentSequence: UInt64, deliveredSequence: UInt64?) {
        self.sourceChainId = sourceChainId; self.destinationChainId = destinationChainId; self.from = from; self.to = to
        self.payload = payload; self.payloadHash = Keccak256.hash(payload)
        self.fee = fee; self.surplus = surplus; self.sentSequence = sentSequence; self.deliveredSequence = deliveredSequence
    }

    /// Records the delivery and drops the payload bytes, which the log holds.
    mutating func markDelivered(at sequence: UInt64) {
        deliveredSequence = sequence
        payload = []
    }
}

/// A destination chain: its RegistryStateReceiver and LightStakeRegistry.
public struct ReplicaState: Hashable, Sendable {
    public var chainId: UInt64
    /// The Abridge on this chain, the only allowed `msg.sender` of deliveries.
    public var abridge: Address
    public var receiver: Address
    /// The RegistryStateSender on the main chain, the only allowed `from`.
    public var sender: Address
    /// The light registry, each value tagged with the epoch of the batch that wrote it.
    public var registry = StakeRegistryState()
    /// The epoch of the last applied batch (`nil` before the first).
    public var lastAppliedEpoch: UInt32?
    /// Batch epoch → log sequence number of the delivery that applied it.
    public var appliedBatches: [UInt32: UInt64] = [:]
    /// Epochs whose batches were skipped (accepted, reported).
    public var gaps: [UInt32] = []
    public var processedGuids: Set<Word> = []
}

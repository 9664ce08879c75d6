import Ethereum

/// A destination chain's RegistryStateReceiver and the LightStakeRegistry it writes: one
/// contract pair per chain, merged here because neither acts without the other (spec §6–7; D1–D3).
public struct LightStakeRegistry: Hashable, Sendable {
    /// The destination chain.
    public var chainId: UInt64
    /// The Abridge on this chain, the only allowed `msg.sender` of deliveries.
    public var abridge: Address
    /// The RegistryStateReceiver's address: the only allowed `to` of deliveries.
    public var receiver: Address
    /// The RegistryStateSender on the main chain, the only allowed `from`.
    public var sender: Address
    /// The light registry, each value tagged with the epoch of the batch that wrote it.
    public internal(set) var registry = StakeRegistry()
    /// The epoch of the last applied batch (`nil` before the first).
    public internal(set) var lastAppliedEpoch: UInt32?
    /// Batch epoch → log sequence number of the delivery that applied it.
    public internal(set) var appliedBatches: [UInt32: UInt64] = [:]
    /// Epochs whose batches were skipped (accepted, reported).
    public internal(set) var gaps: [UInt32] = []
    /// Guids of the messages the receiver processed.
    public internal(set) var processedGuids: Set<Word> = []

    /// A receiver and empty light registry on `chainId`.
    public init(chainId: UInt64, abridge: Address, receiver: Address, sender: Address) {
        self.chainId = chainId
        self.abridge = abridge
        self.receiver = receiver
        self.sender = sender
    }

    /// `isValidSignature` on this light registry: the reference epoch is bounded by the last applied batch.
    public func isValidSignature(digest: Word, signatureData: [UInt8]) throws(ProtocolError)
        -> [UInt8]
    {
        try SignatureChecker.isValidSignature(
            digest: digest, signatureData: signatureData, registry: registry,
            latestEpoch: lastAppliedEpoch ?? 0)
    }
}

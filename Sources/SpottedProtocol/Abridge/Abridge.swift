import Ethereum

/// A message the source Abridge sent, and whether and when it was delivered.
public struct BridgeMessage: Hashable, Sendable {
    /// Where a message goes: chains and contracts at both ends.
    public struct Route: Hashable, Sendable {
        /// The chain it was sent on.
        public var source: UInt64
        /// The chain it goes to.
        public var destination: UInt64
        /// The sending contract.
        public var from: Address
        /// The receiving contract.
        public var to: Address
    }

    /// The chain it was sent on.
    public var sourceChainId: UInt64
    /// The chain it goes to.
    public var destinationChainId: UInt64
    /// The sending contract.
    public var from: Address
    /// The receiving contract.
    public var to: Address
    /// The bytes sent, until delivered; then emptied (the log keeps them) and only the hash stays.
    public var payload: [UInt8]
    /// Keccak-256 of the payload.
    public var payloadHash: Word
    /// The fee the bridge took, in wei.
    public var feeWei: UInt256
    /// What the caller paid above the fee, in wei (D10: recorded, not lost silently).
    public var surplusWei: UInt256
    /// Sequence of the event that sent it.
    public var sentSequence: UInt64
    /// Sequence of the delivery, once delivered.
    public var deliveredSequence: UInt64?

    /// A message as sent (its payload hash computed here).
    public init(
        sourceChainId: UInt64, destinationChainId: UInt64, from: Address, to: Address,
        payload: [UInt8],
        feeWei: UInt256, surplusWei: UInt256, sentSequence: UInt64, deliveredSequence: UInt64?
    ) {
        self.sourceChainId = sourceChainId
        self.destinationChainId = destinationChainId
        self.from = from
        self.to = to
        self.payload = payload
        self.payloadHash = Keccak256.hash(payload)
        self.feeWei = feeWei
        self.surplusWei = surplusWei
        self.sentSequence = sentSequence
        self.deliveredSequence = deliveredSequence
    }
}

/// The Abridge on every chain: every message ever sent, by guid, and the next nonce per
/// destination chain.
public struct Abridge: Hashable, Sendable {
    /// Every message sent, by guid.
    public internal(set) var messages: [Word: BridgeMessage] = [:]
    /// The next nonce per destination chain.
    public internal(set) var nonces: [UInt64: UInt64] = [:]

    /// Nothing sent yet.
    public init() {}

    /// keccak256(abi.encodePacked(uint64 source, uint64 destination, uint64 nonce, address from,
    /// address to, bytes32 keccak256(payload))): unique per route and send, the same on replay.
    public static func messageGuid(
        source: UInt64, destination: UInt64, nonce: UInt64, from: Address, to: Address,
        payload: [UInt8]
    ) -> Word {
        var bytes = [UInt8]()
        bytes.reserveCapacity(96)
        for v in [source, destination, nonce] { withUnsafeBytes(of: v.bigEndian) { bytes += $0 } }
        from.append(to: &bytes)
        to.append(to: &bytes)
        Keccak256.hash(payload).append(to: &bytes)
        return Keccak256.hash(bytes)
    }
}

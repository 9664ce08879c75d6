import Ethereum

/// Where and when an event happened: its log sequence number, the chain, that chain's block
/// number and timestamp, and `msg.sender`.
public struct EventContext: Hashable, Sendable {
    /// The event's log sequence number.
    public var sequence: UInt64
    /// The chain the event happened on.
    public var chainId: UInt64
    /// That chain's block number.
    public var blockNumber: UInt64
    /// That block's timestamp, in Unix seconds.
    public var timestamp: UInt64
    /// `msg.sender`.
    public var sender: Address
    /// Whether registration and response signatures are recovered (always, for a submission).
    public var signatureChecks: SignatureChecks

    /// Creates a context; signatures are verified unless told otherwise.
    public init(
        sequence: UInt64, chainId: UInt64, blockNumber: UInt64, timestamp: UInt64, sender: Address,
        signatureChecks: SignatureChecks = .verify
    ) {
        self.sequence = sequence
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.sender = sender
        self.signatureChecks = signatureChecks
    }
}

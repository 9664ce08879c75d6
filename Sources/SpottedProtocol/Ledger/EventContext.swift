import Ethereum

/// Where and when an event happened: its log sequence number, the chain, that chain's block
/// number and timestamp, and `msg.sender`.
public struct EventContext: Hashable, Sendable {
    public var sequence: UInt64
    public var chainId: UInt64
    public var blockNumber: UInt64
    public var timestamp: UInt64
    public var sender: Address
    /// Whether registration and response signatures are recovered (always, for a submission).
    public var signatureChecks: SignatureChecks

    public init(sequence: UInt64, chainId: UInt64, blockNumber: UInt64, timestamp: UInt64, sender: Address,
                signatureChecks: SignatureChecks = .verify) {
        self.sequence = sequence; self.chainId = chainId; self.blockNumber = blockNumber
        self.timestamp = timestamp; self.sender = sender; self.signatureChecks = signatureChecks
    }
}

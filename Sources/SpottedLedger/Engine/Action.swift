import Ethereum
import SpottedProtocol

/// One action to submit: the event and where, when and by whom it happened.
public struct Action: Hashable, Sendable {
    /// What happened.
    public var event: ProtocolEvent
    /// The chain it happened on.
    public var chainId: UInt64
    /// Its block number on that chain.
    public var blockNumber: UInt64
    /// Its block timestamp on that chain, in seconds.
    public var timestamp: UInt64
    /// Who sent it (`msg.sender`).
    public var sender: Address

    /// An action of `event` on `chainId` at `blockNumber` and `timestamp`, sent by `sender`.
    public init(
        _ event: ProtocolEvent, chainId: UInt64, blockNumber: UInt64, timestamp: UInt64,
        sender: Address
    ) {
        self.event = event
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.sender = sender
    }
}

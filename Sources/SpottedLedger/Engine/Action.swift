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
    /// The signed transaction it came as (JSON-RPC), stored beside its entry in the same write
    /// (`EventLog.transaction(at:)`); not part of the action's identity: equality and hashing
    /// ignore it, so the same action sent twice is a duplicate however it came.
    public var rawTransaction: [UInt8]?

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

    /// Equal when event, chain, block, timestamp and sender are (``rawTransaction`` aside).
    public static func == (a: Action, b: Action) -> Bool {
        a.event == b.event && a.chainId == b.chainId && a.blockNumber == b.blockNumber
            && a.timestamp == b.timestamp && a.sender == b.sender
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(event)
        hasher.combine(chainId)
        hasher.combine(blockNumber)
        hasher.combine(timestamp)
        hasher.combine(sender)
    }
}

import Ethereum

/// MainChainVerifier's record key: keyed by the **source** chain (D7).
public struct VerifiedKey: Hashable, Comparable, Sendable {
    /// The chain the value was read on.
    public var chainId: UInt64
    /// Whose value.
    public var user: Address
    /// Which key.
    public var key: UInt256
    /// At which block of the source chain.
    public var blockNumber: UInt64
    /// The key of a verified (chain, user, key, block).
    public init(chainId: UInt64, user: Address, key: UInt256, blockNumber: UInt64) {
        self.chainId = chainId
        self.user = user
        self.key = key
        self.blockNumber = blockNumber
    }
    /// Ordered by chain, user, key, block.
    public static func < (a: Self, b: Self) -> Bool {
        (a.chainId, a.user, a.key, a.blockNumber) < (b.chainId, b.user, b.key, b.blockNumber)
    }
}

/// A value the MainChainVerifier received.
public struct VerifiedState: Hashable, Sendable {
    /// The verified value.
    public var value: UInt256
    /// The log sequence of the delivery that stored it.
    public var sequence: UInt64
    /// The guid of its bridge message.
    public var guid: Word
}

/// The MainChainVerifier: authorized remote verifiers per chain and the values they verified.
public struct MainChainVerifier: Hashable, Sendable {
    /// The authorized RemoteChainVerifier per source chain.
    public internal(set) var remoteVerifiers: [UInt64: Address] = [:]
    /// Guids of the messages already processed.
    public internal(set) var processedGuids: Set<Word> = []
    /// Verified values by (source chain, user, key, block).
    public internal(set) var verifiedStates: [VerifiedKey: VerifiedState] = [:]

    /// Nothing verified yet.
    public init() {}
}

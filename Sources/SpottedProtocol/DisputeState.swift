import Ethereum

/// One StateManager write: `History { value, blockNumber, timestamp }`.
public struct History: Hashable, Sendable {
    public var value: UInt256
    public var blockNumber: UInt64
    public var timestamp: UInt64
    public var sequence: UInt64
}

/// Whose history: a user's key on a chain.
public struct HistoryKey: Hashable, Comparable, Sendable {
    public var chainId: UInt64
    public var user: Address
    public var key: UInt256
    public init(chainId: UInt64, user: Address, key: UInt256) { self.chainId = chainId; self.user = user; self.key = key }
    public static func < (a: Self, b: Self) -> Bool { (a.chainId, a.user, a.key) < (b.chainId, b.user, b.key) }
}

/// A task and the signed responses operators gave to it.
public struct TaskRecord: Hashable, Sendable {
    public struct Response: Hashable, Sendable {
        public var value: UInt256
        /// Stored inline (65 bytes, no heap array per response).
        public var signature: Signature
        public var signingKey: Address
        public var epoch: UInt32
        public var sequence: UInt64
    }
    public var slot: StateSlot
    public var createdSequence: UInt64
    /// Last main-chain block at which responses are accepted: creation + the challenge window.
    /// The first epoch transition after it retires the task (the log keeps its responses).
    public var expiresAtBlock: UInt64
    public var responses: [Address: Response] = [:]

    /// When responses close, and whether `op` has answered. `mutating` only so that a call through
    /// `tasks.values[i]` reaches the stored record in place: a plain read would copy it.
    mutating func window(for op: Address) -> (expiresAtBlock: UInt64, answered: Bool) {
        (expiresAtBlock, responses[op] != nil)
    }
}

/// An (epoch, operator) pair, for counting accepted responses.
public struct EpochOperator: Hashable, Comparable, Sendable {
    public var epoch: UInt32
    public var `operator`: Address
    public init(epoch: UInt32, operator op: Address) { self.epoch = epoch; self.operator = op }
    public static func < (a: Self, b: Self) -> Bool { (a.epoch, a.operator) < (b.epoch, b.operator) }
    /// The address's keyed mix with the epoch folded into the seed (one per accepted response).
    public func _rawHashValue(seed: Int) -> Int { `operator`._rawHashValue(seed: seed ^ Int(epoch) &* 0x2545_F491) }
}

/// MainChainVerifier's record key: keyed by the **source** chain (D7).
public struct VerifiedKey: Hashable, Comparable, Sendable {
    public var chainId: UInt64
    public var user: Address
    public var key: UInt256
    public var blockNumber: UInt64
    public init(chainId: UInt64, user: Address, key: UInt256, blockNumber: UInt64) {
        self.chainId = chainId; self.user = user; self.key = key; self.blockNumber = blockNumber
    }
    public static func < (a: Self, b: Self) -> Bool { (a.chainId, a.user, a.key, a.blockNumber) < (b.chainId, b.user, b.key, b.blockNumber) }
}

public struct VerifiedState: Hashable, Sendable {
    public var value: UInt256
    /// The log sequence of the delivery that stored it, and the guid of its bridge message.
    public var sequence: UInt64
    public var guid: Word
}

/// StateDisputeResolver's slashing configuration.
public struct SlashingConfig: Hashable, Sendable {
    public var operatorSetId: UInt32 = 0
    public var strategies: [Address] = []
    public var slashAmount: UInt256 = .zero
}

/// AllocationManager magnitudes of one operator in one strategy, in WAD (1e18 = 100 %).
public struct Magnitude: Hashable, Sendable {
    public var current: UInt64
    public var max: UInt64
    public static let full = Magnitude(current: 1_000_000_000_000_000_000, max: 1_000_000_000_000_000_000)
}

/// What `slashOperator` did to one operator: the audit trail of a slash.
public struct SlashRecord: Hashable, Sendable {
    public var `operator`: Address
    public var operatorSetId: UInt32
    public var strategies: [Address]
    public var wadToSlash: UInt256
    public var wadSlashed: [UInt256]
    public var magnitudeBefore: [Magnitude]
    public var magnitudeAfter: [Magnitude]
    public var sharesBefore: [UInt256]
    public var sharesAfter: [UInt256]
    public var weightBefore: UInt256
    public var weightAfter: UInt256
    /// The epoch from which registries (and, by batch, replicas) use the new weight.
    public var effectiveEpoch: UInt32
    public var description: String
}

/// A challenge of a signed claim and, once resolved, how.
public struct Challenge: Hashable, Sendable {
    public struct Resolution: Hashable, Sendable {
        public enum Rule: String, Hashable, Sendable {
            case claimedDiffersFromVerified = "claimed value ≠ verified value: challenge succeeds"
            case claimedEqualsVerified = "claimed value = verified value: challenge fails"
            case expiredUnverified = "deadline passed without a verified value: challenge fails"
        }
        public var successful: Bool
        public var rule: Rule
        public var verified: VerifiedState?
        public var sequence: UInt64
        public var slashes: [SlashRecord]
    }
    public var id: Word
    public var claim: StateClaim
    public var challenger: Address
    public var bond: UInt256
    /// Operators in signature order, with the signing keys their signatures recovered to.
    public var operators: [Address]
    public var signers: [Address]
    public var signatures: [[UInt8]]
    public var submittedSequence: UInt64
    public var deadlineBlock: UInt64
    public var resolution: Resolution?
}

/// One RewardsCoordinator submission and the ledger's split behind it.
public struct RewardsRecord: Hashable, Sendable {
    public var epoch: UInt32
    public var token: Address
    public var amount: UInt256
    public var startTimestamp: UInt32
    public var duration: UInt32
    public var strategiesAndMultipliers: [StrategyParams]
    /// Per operator: weight × accepted responses, and the amount it gets.
    public var scores: [Address: UInt256]
    public var split: [Address: UInt256]
    public var remainderTo: Address
    public var nonce: UInt64
    /// keccak256(abi.encode(avs, nonce, submission)), as RewardsCoordinator marks it.
    public var submissionHash: Word
    public var sequence: UInt64
}

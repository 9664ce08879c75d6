import Ethereum

/// One RewardsCoordinator submission and the ledger's split behind it.
public struct RewardsRecord: Hashable, Sendable {
    /// The epoch rewarded.
    public var epoch: UInt32
    /// The reward token.
    public var token: Address
    /// The pool, in the token's smallest unit.
    public var amount: UInt256
    /// The submission's start, in seconds since 1970.
    public var startTimestamp: UInt32
    /// The submission's duration, in seconds.
    public var durationSeconds: UInt32
    /// The quorum in force at the rewarded epoch.
    public var strategiesAndMultipliers: [StrategyParams]
    /// Per operator: weight × accepted responses.
    public var scores: [Address: UInt256]
    /// Per operator: the amount it gets.
    public var split: [Address: UInt256]
    /// Who got the rounding remainder (highest score, lowest address on ties).
    public var remainderTo: Address
    /// The submission nonce.
    public var nonce: UInt64
    /// keccak256(abi.encode(avs, nonce, submission)), as RewardsCoordinator marks it.
    public var submissionHash: Word
    /// The log sequence of the submission.
    public var sequence: UInt64
}

/// A request to reward an epoch (`submit-rewards`).
public struct RewardsRequest: Hashable, Sendable {
    /// The finished epoch to reward.
    public var epoch: UInt32
    /// The reward token.
    public var token: Address
    /// The pool, in the token's smallest unit (wei for ETH).
    public var amountWei: UInt256
    /// Start of the rewards period, in seconds since 1970.
    public var startTimestamp: UInt32
    /// Length of the rewards period, in seconds.
    public var durationSeconds: UInt32
}

/// The RewardsCoordinator: one AVS rewards submission per rewarded epoch (ethereum.md §7,
/// mainnet calculation interval 604 800 s).
public struct RewardsCoordinator: Hashable, Sendable {
    /// Epochs rewarded (their submissions are in the state's archive): one submission per epoch.
    public internal(set) var rewardedEpochs: Set<UInt32> = []
    /// The next submission nonce.
    public internal(set) var nonce: UInt64 = 0

    /// Nothing submitted yet.
    public init() {}

    /// `CALCULATION_INTERVAL_SECONDS`.
    public static let calculationIntervalSeconds: UInt32 = 604_800
    /// `MAX_REWARDS_DURATION`, in seconds.
    public static let maxRewardsDurationSeconds: UInt32 = 6_048_000
    /// `GENESIS_REWARDS_TIMESTAMP` (mainnet, ethereum.md §7): no submission starts before it, in
    /// seconds since 1970 (a multiple of ``calculationIntervalSeconds``).
    public static let genesisRewardsTimestampSeconds: UInt32 = 1_710_979_200
    /// `MAX_REWARDS_AMOUNT`: 1e38 − 1.
    public static let maxRewardAmount = UInt256("99999999999999999999999999999999999999") ?? .max
}

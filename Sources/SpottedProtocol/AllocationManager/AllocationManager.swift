import Ethereum

/// AllocationManager magnitudes of one operator in one strategy, in WAD (1e18 = 100 %).
public struct Magnitude: Hashable, Sendable {
    /// The magnitude allocated now, in WAD.
    public var currentWad: UInt64
    /// The maximum magnitude, in WAD.
    public var maxWad: UInt64
    /// A magnitude of `currentWad` out of `maxWad`.
    public init(currentWad: UInt64, maxWad: UInt64) {
        self.currentWad = currentWad
        self.maxWad = maxWad
    }
    /// Nothing slashed: 100 % of 100 %.
    public static let full = Magnitude(
        currentWad: 1_000_000_000_000_000_000, maxWad: 1_000_000_000_000_000_000)
}

/// What `slashOperator` did to one operator: the audit trail of a slash.
public struct SlashRecord: Hashable, Sendable {
    /// The operator slashed.
    public var `operator`: Address
    /// The operator set it was slashed in.
    public var operatorSetId: UInt32
    /// The strategies slashed, ascending.
    public var strategies: [Address]
    /// The share of magnitude to slash, in WAD.
    public var wadToSlash: UInt256
    /// Per strategy: the share of the maximum magnitude actually slashed, in WAD.
    public var wadSlashed: [UInt256]
    /// Per strategy: the magnitude before.
    public var magnitudeBefore: [Magnitude]
    /// Per strategy: the magnitude after.
    public var magnitudeAfter: [Magnitude]
    /// Per strategy: the shares before.
    public var sharesBefore: [UInt256]
    /// Per strategy: the shares after.
    public var sharesAfter: [UInt256]
    /// The operator's weight before.
    public var weightBefore: UInt256
    /// The operator's weight after the refresh that followed.
    public var weightAfter: UInt256
    /// The epoch from which registries (and, by batch, replicas) use the new weight.
    public var effectiveEpoch: UInt32
    /// The challenge whose resolution slashed.
    public var challengeId: Word

    /// The `description` the resolver passes to `slashOperator`.
    public var description: String {
        "Cross chain state verification failure-Challenge ID: \(challengeId)"
    }
}

/// EigenLayer's AllocationManager as the resolver uses it: magnitudes per operator and strategy
/// (absent: full), lowered by `slashOperator`.
public struct AllocationManager: Hashable, Sendable {
    /// operator → strategy → magnitude.
    public internal(set) var magnitudes: [Address: [Address: Magnitude]] = [:]

    /// Every magnitude full.
    public init() {}

    /// The operator's magnitude in `strategy`.
    public func magnitude(of op: Address, in strategy: Address) -> Magnitude {
        magnitudes[op]?[strategy] ?? .full
    }
}

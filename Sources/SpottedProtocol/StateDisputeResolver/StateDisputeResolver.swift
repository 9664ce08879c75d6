import Ethereum

/// A challenge of a signed claim and, once resolved, how.
public struct Challenge: Hashable, Sendable {
    /// How a challenge was decided.
    public struct Resolution: Hashable, Sendable {
        /// The rule that decided, stored as its number (the words are rendered at the edge).
        public enum Rule: UInt8, Hashable, Sendable, CaseIterable {
            /// The verified value differs from the claimed one: the challenge succeeds.
            case claimedDiffersFromVerified = 1
            /// The verified value equals the claimed one: the challenge fails.
            case claimedEqualsVerified = 2
            /// The deadline passed without a verified value: the challenge fails.
            case expiredUnverified = 3

            /// The rule in words.
            public var description: String {
                switch self {
                case .claimedDiffersFromVerified:
                    "claimed value ≠ verified value: challenge succeeds"
                case .claimedEqualsVerified: "claimed value = verified value: challenge fails"
                case .expiredUnverified: "deadline passed without a verified value: challenge fails"
                }
            }
        }
        /// Whether the challenge succeeded (the signers were slashed).
        public var successful: Bool
        /// The rule that decided.
        public var rule: Rule
        /// The verified value it was decided on, if any.
        public var verified: VerifiedState?
        /// The log sequence of the resolution.
        public var sequence: UInt64
        /// What slashing did to each signing operator.
        public var slashes: [SlashRecord]
    }
    /// The challenge id: the claim's task id.
    public var id: Word
    /// The claim challenged.
    public var claim: StateClaim
    /// Who challenged.
    public var challenger: Address
    /// The bond paid, in wei.
    public var bondWei: UInt256
    /// Operators in signature order.
    public var operators: [Address]
    /// The signing keys their signatures recovered to.
    public var signers: [Address]
    /// The signatures as submitted.
    public var signatures: [[UInt8]]
    /// The log sequence of the submission.
    public var submittedSequence: UInt64
    /// The block from which an unverified challenge can be resolved as failed.
    public var deadlineBlock: UInt64
    /// How it was resolved, once it is.
    public var resolution: Resolution?
}

/// The StateDisputeResolver: slashing configuration, challenges, and the balances bonds end in
/// (spec §12; D11, D12).
public struct StateDisputeResolver: Hashable, Sendable {
    /// The AllocationManager operator set slashed.
    public internal(set) var operatorSetId: UInt32 = 0
    /// Slashable strategies, strictly ascending.
    public internal(set) var strategies: [Address] = []
    /// The share of magnitude each slash takes, in WAD (1e18 = 100 %).
    public internal(set) var slashAmountWad: UInt256 = .zero
    /// Open challenges by id; a resolved one leaves for the state's archive.
    public internal(set) var challenges: [Word: Challenge] = [:]
    /// Ids of resolved challenges (their records are in the archive): a challenge id is used once.
    public internal(set) var resolvedChallengeIds: Set<Word> = []
    /// Refunded bonds each address may withdraw, in wei.
    public internal(set) var claimableWei: [Address: UInt256] = [:]
    /// What each address has withdrawn, in wei.
    public internal(set) var claimedWei: [Address: UInt256] = [:]
    /// Forfeited bonds (D11), in wei.
    public internal(set) var treasuryWei = UInt256.zero

    /// Nothing configured yet.
    public init() {}
}

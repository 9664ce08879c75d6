import Ethereum
import SpottedProtocol

/// One epoch's RewardsCoordinator submission and the ledger's split behind it.
public struct RewardsReport: Encodable, Sendable {
    /// One operator's part of the pool.
    public struct OperatorReward: Encodable, Sendable {
        /// The operator.
        public var `operator`: Address
        /// Its score: weight at the epoch × responses accepted during it.
        public var score: UInt256
        /// What it gets, in the token's smallest unit (the remainder included for
        /// ``RewardsReport/remainderTo``).
        public var amount: UInt256
    }

    /// One strategy of the quorum the submission records.
    public struct Strategy: Encodable, Sendable {
        /// The strategy.
        public var strategy: Address
        /// Its multiplier (uint96).
        public var multiplier: UInt256
    }

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
    /// The quorum in force at the rewarded epoch: the submission's `strategiesAndMultipliers`.
    public var quorum: [Strategy]
    /// The operators paid, in address order.
    public var operators: [OperatorReward]
    /// The sum of the scores.
    public var totalScore: UInt256
    /// Who got the rounding remainder (highest score, lowest address on ties).
    public var remainderTo: Address
    /// The submission nonce.
    public var nonce: UInt64
    /// `keccak256(abi.encode(avs, nonce, submission))`, as the RewardsCoordinator marks it.
    public var submissionHash: Word
    /// The log sequence of the `submit-rewards` event.
    public var sequence: UInt64
}

extension RewardsReport {
    /// The report of a recorded submission.
    init(_ r: RewardsRecord) {
        let ops = Set(r.split.keys).union(r.scores.keys).sorted()
        self.init(
            epoch: r.epoch, token: r.token, amount: r.amount, startTimestamp: r.startTimestamp,
            durationSeconds: r.durationSeconds,
            quorum: r.strategiesAndMultipliers.map {
                Strategy(strategy: $0.strategy, multiplier: $0.multiplier)
            },
            operators: ops.map {
                OperatorReward(
                    operator: $0, score: r.scores[$0] ?? .zero, amount: r.split[$0] ?? .zero)
            },
            totalScore: r.scores.values.reduce(UInt256.zero) {
                // The reducer summed the same scores with overflow checks.
                $0.addingReportingOverflow($1).partialValue
            },
            remainderTo: r.remainderTo, nonce: r.nonce, submissionHash: r.submissionHash,
            sequence: r.sequence)
    }
}

extension Engine {
    /// The epochs that have a rewards submission, ascending.
    public func rewardedEpochs() -> [UInt32] { state.rewardsCoordinator.rewardedEpochs.sorted() }

    /// The rewards submission for `epoch`; `notFound` naming the epochs that have one otherwise.
    public func rewards(epoch: UInt32) throws(QueryError) -> RewardsReport {
        let submitted: [UInt32: RewardsRecord]
        do {
            if let record = try archivedRewards(epoch: epoch) { return RewardsReport(record) }
            submitted = try archivedRewards()
        } catch {
            throw .engine(error)
        }
        guard let record = submitted[epoch] else {
            let epochs = submitted.keys.sorted().map(String.init).joined(separator: ", ")
            throw .notFound(
                "no rewards submission for epoch \(epoch); submitted epochs: "
                    + (epochs.isEmpty ? "none" : epochs))
        }
        return RewardsReport(record)
    }
}

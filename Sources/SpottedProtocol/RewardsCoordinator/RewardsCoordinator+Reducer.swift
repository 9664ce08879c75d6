import Ethereum

/// `createAVSRewardsSubmission` for one epoch: a pool split by weight × accepted responses.
extension RewardsCoordinator {
    /// Checks the request as RewardsCoordinator does, splits the pool and records the submission.
    mutating func submit(
        _ request: RewardsRequest, _ ctx: EventContext, _ genesis: LedgerGenesis,
        currentEpoch: UInt32,
        registry: StakeRegistry, tasks: Tasks
    ) throws(ProtocolError) -> RewardsRecord {
        try genesis.requireOwner(ctx)
        try check(request, currentEpoch: currentEpoch)
        let (scores, total) = try Self.scores(of: request.epoch, registry, tasks)
        guard !total.isZero else {
            throw .rewardsCoordinator(.noEligibleOperators(epoch: request.epoch))
        }
        let (split, top) = try Self.split(
            request.amountWei, by: scores, total: total, epoch: request.epoch)
        let strategies =
            registry.quorumHistory.value(at: request.epoch)?.strategies
            ?? registry.quorum.strategies
        let hash = try submissionHash(request, strategies: strategies, genesis)
        let record = RewardsRecord(
            epoch: request.epoch, token: request.token, amount: request.amountWei,
            startTimestamp: request.startTimestamp, durationSeconds: request.durationSeconds,
            strategiesAndMultipliers: strategies, scores: scores, split: split, remainderTo: top,
            nonce: nonce, submissionHash: hash, sequence: ctx.sequence)
        rewardedEpochs.insert(request.epoch)
        nonce += 1
        return record
    }

    /// The submission rules, in the coordinator's order (ethereum.md §7): finished epoch, once per
    /// epoch, amount, duration, start on the interval and not before `GENESIS_REWARDS_TIMESTAMP`.
    func check(_ r: RewardsRequest, currentEpoch: UInt32) throws(ProtocolError) {
        func refuse(_ why: String) -> ProtocolError {
            .rewardsCoordinator(.invalidRewardsSubmission(why))
        }
        guard r.epoch < currentEpoch else {
            throw refuse("epoch \(r.epoch) is not finished (current \(currentEpoch))")
        }
        guard !rewardedEpochs.contains(r.epoch) else {
            throw .rewardsCoordinator(.rewardsAlreadySubmitted(epoch: r.epoch))
        }
        guard !r.amountWei.isZero else { throw refuse("AmountIsZero") }
        guard r.amountWei <= Self.maxRewardAmount else {
            throw refuse("AmountExceedsMax: \(r.amountWei)")
        }
        guard r.durationSeconds > 0, r.durationSeconds % Self.calculationIntervalSeconds == 0 else {
            throw refuse("InvalidDurationRemainder: \(r.durationSeconds)")
        }
        guard r.durationSeconds <= Self.maxRewardsDurationSeconds else {
            throw refuse("DurationExceedsMax: \(r.durationSeconds)")
        }
        guard r.startTimestamp % Self.calculationIntervalSeconds == 0 else {
            throw refuse("InvalidStartTimestampRemainder: \(r.startTimestamp)")
        }
        guard r.startTimestamp >= Self.genesisRewardsTimestampSeconds else {
            throw refuse(
                "StartTimestampTooFarInPast: \(r.startTimestamp) is before GENESIS_REWARDS_TIMESTAMP \(Self.genesisRewardsTimestampSeconds)"
            )
        }
    }

    /// score = weight at the epoch × responses accepted during it, and their total.
    static func scores(
        of epoch: UInt32, _ registry: StakeRegistry,
        _ tasks: Tasks
    ) throws(ProtocolError) -> ([Address: UInt256], UInt256) {
        var scores = [Address: UInt256]()
        var total = UInt256.zero
        for (key, count) in tasks.acceptedResponses where key.epoch == epoch {
            let score = registry.weight(of: key.operator, at: epoch).multipliedReportingOverflow(
                by: UInt256(count))
            guard !score.overflow else { throw .ledger(.arithmeticOverflow("reward score")) }
            guard !score.partialValue.isZero else { continue }
            scores[key.operator] = score.partialValue
            do { total = try total.adding(score.partialValue) } catch {
                throw .ledger(.arithmeticOverflow("balance"))
            }
        }
        return (scores, total)
    }

    /// Each operator's share of `amount`; the rounding remainder goes to the highest score
    /// (ties: the lowest address).
    static func split(
        _ amount: UInt256, by scores: [Address: UInt256], total: UInt256,
        epoch: UInt32
    ) throws(ProtocolError) -> ([Address: UInt256], Address) {
        var split = [Address: UInt256]()
        var paid = UInt256.zero
        for (op, score) in scores {
            do {
                let share = try UInt256.mulDiv(amount, score, total)
                split[op] = share
                paid = try paid.adding(share)
            } catch {
                throw .ledger(.arithmeticOverflow("reward share"))
            }
        }
        guard
            let top = scores.sorted(by: {
                $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
            }).first?.key
        else {
            throw .rewardsCoordinator(.noEligibleOperators(epoch: epoch))
        }
        let remainder = amount.subtractingReportingOverflow(paid).partialValue
        split[top] = (split[top] ?? .zero).addingReportingOverflow(remainder).partialValue
        return (split, top)
    }

    /// keccak256(abi.encode(avs, nonce, RewardsSubmission)).
    func submissionHash(
        _ r: RewardsRequest, strategies: [StrategyParams],
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) -> Word {
        let submission: ABIValue = .tuple([
            .array(strategies.map { .tuple([.address($0.strategy), .uint($0.multiplier)]) }),
            .address(r.token),
            .uint(r.amountWei), .uint(UInt256(UInt64(r.startTimestamp))),
            .uint(UInt256(UInt64(r.durationSeconds))),
        ])
        let submissionType = ABIType.tuple([
            .array(.tuple([.address, .uint(96)])), .address, .uint256, .uint(32), .uint(32),
        ])
        guard
            let encoded = try? ABI.encode(
                [.address(genesis.serviceManager), .uint(UInt256(nonce)), submission],
                as: [.address, .uint256, submissionType])
        else {
            throw .rewardsCoordinator(.invalidRewardsSubmission("submission does not encode"))
        }
        return Keccak256.hash(encoded)
    }
}

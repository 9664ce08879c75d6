import Ethereum

/// StateDisputeResolver with AllocationManager slashing (spec §12, ethereum.md §7; D11, D12).
extension LedgerState {
    mutating func setSlashableStrategies(_ strategies: [Address], _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard !strategies.isEmpty else { throw .emptyStrategiesArray }
        guard strategies.count <= ProtocolLimits.maxStrategiesPerEvent else {
            throw .tooManyItems(field: "strategies", count: strategies.count, limit: ProtocolLimits.maxStrategiesPerEvent)
        }
        var last = Address.zero
        for s in strategies {
            guard s > last else { throw .notSorted("strategy \(s) is not above \(last) (StrategiesMustBeInAscendingOrder)") }
            last = s
        }
        slashing.strategies = strategies
    }

    mutating func setSlashAmount(_ wad: UInt256, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard !wad.isZero, wad <= LedgerGenesis.wad else { throw .invalidSlashAmount(wad) }
        slashing.slashAmount = wad
    }

    mutating func submitChallenge(_ claim: StateClaim, _ signatures: [[UInt8]], bond: UInt256, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard bond >= genesis.challengeBond else { throw .insufficientBond(sent: bond, required: genesis.challengeBond) }
        guard !slashing.strategies.isEmpty else { throw .emptyStrategiesArray }  // D12
        guard !signatures.isEmpty else { throw .noSignatures }
        guard signatures.count <= ProtocolLimits.maxChallengeSignatures else { throw .tooManySignatures(count: signatures.count) }
        guard claim.timestamp < StateClaim.timestampLimit else { throw .invalidPayload("claim timestamp does not fit uint48") }
        let id = claim.taskId
        guard challenges[id] == nil else { throw .challengeAlreadyExists(id) }
        let digest = claim.digest(domainSeparator: resolverDomainSeparator)
        var operators = [Address](), signers = [Address]()
        for (i, signature) in signatures.enumerated() {
            let signer: Address
            do { signer = try ECDSA.recover(digest: digest, signature: signature) } catch { throw .invalidSignature("signatures[\(i)]: \(error.name)") }
            guard let op = registry.signingKeyOperator[signer] else {
                throw .invalidSignature("signatures[\(i)] recovers \(signer), which is no operator's signing key")
            }
            guard !operators.contains(op) else { throw .duplicateOperator(op) }
            operators.append(op)
            signers.append(signer)
        }
        challenges[id] = Challenge(id: id, claim: claim, challenger: ctx.sender, bond: bond, operators: operators, signers: signers,
                                   signatures: signatures, submittedSequence: ctx.sequence,
                                   deadlineBlock: ctx.blockNumber &+ genesis.challengeWindowBlocks, resolution: nil)
    }

    /// Resolves on the verified value; without one, refuses until the deadline and then fails the
    /// challenge (its bond goes to the treasury, D11). Applied to a copy, so a refusal changes nothing.
    mutating func resolveChallenge(_ id: Word, _ ctx: EventContext, effective: UInt32) throws(ProtocolError) {
        guard let challenge = challenges[id] else { throw .challengeNotFound(id) }
        guard challenge.resolution == nil else { throw .challengeAlreadyResolved(id) }
        let claim = challenge.claim
        let verified = verifiedStates[VerifiedKey(chainId: UInt64(claim.chainId), user: claim.user, key: claim.key, blockNumber: claim.blockNumber)]
        let rule: Challenge.Resolution.Rule
        if let verified {
            rule = verified.value != claim.value ? .claimedDiffersFromVerified : .claimedEqualsVerified
        } else {
            guard ctx.blockNumber >= challenge.deadlineBlock else { throw .stateNotVerified(id) }
            rule = .expiredUnverified
        }
        // The trial runs on a copy that leaves the (large, untouched) challenges out, so that only
        // what a resolution writes is copied; the challenges are put back when it commits.
        var next = self
        next.challenges = [:]
        var slashes = [SlashRecord]()
        if rule == .claimedDiffersFromVerified {
            for op in challenge.operators { slashes.append(try next.slash(op, challengeId: id, effective: effective)) }
            try next.refreshAndQueue(challenge.operators, type: .updateOperators, ctx, effective: effective)
            for i in slashes.indices { slashes[i].weightAfter = next.registry.latestWeight(of: slashes[i].operator) }
            next.claimable[challenge.challenger, default: .zero] = try Self.add(next.claimable[challenge.challenger] ?? .zero, challenge.bond)
        } else {
            next.treasury = try Self.add(next.treasury, challenge.bond)
        }
        // Committed: the challenges move (not copy) into the new state, where the resolution is
        // written in place.
        swap(&next.challenges, &challenges)
        next.challenges[id]?.resolution = Challenge.Resolution(successful: rule == .claimedDiffersFromVerified, rule: rule,
                                                               verified: verified, sequence: ctx.sequence, slashes: slashes)
        if let resolved = next.challenges[id] { next.archive.append(.challenge(resolved)) }
        self = next
    }

    /// AllocationManager.slashOperator for every slashable strategy: magnitude and shares lowered
    /// with EigenLayer's rounding (`mulWadRoundUp`, `calcSlashedAmount`).
    mutating func slash(_ op: Address, challengeId: Word, effective: UInt32) throws(ProtocolError) -> SlashRecord {
        let wad = LedgerGenesis.wad
        var record = SlashRecord(operator: op, operatorSetId: slashing.operatorSetId, strategies: slashing.strategies,
                                 wadToSlash: slashing.slashAmount, wadSlashed: [], magnitudeBefore: [], magnitudeAfter: [],
                                 sharesBefore: [], sharesAfter: [], weightBefore: registry.latestWeight(of: op), weightAfter: .zero,
                                 effectiveEpoch: effective,
                                 description: "Cross chain state verification failure-Challenge ID: \(challengeId)")
        for strategy in slashing.strategies {
            let before = magnitudes[op]?[strategy] ?? .full
            let sharesBefore = shares[op]?[strategy] ?? .zero
            var after = before, sharesAfter = sharesBefore, wadSlashed = UInt256.zero
            if before.current > 0 {
                do {
                    let slashed = try UInt256.mulDiv(UInt256(before.current), slashing.slashAmount, wad, roundUp: true)
                    let maxBefore = UInt256(before.max)
                    wadSlashed = try UInt256.mulDiv(slashed, wad, maxBefore)
                    let cut = slashed.uint64 ?? before.current
                    after = Magnitude(current: before.current - min(cut, before.current), max: before.max - min(cut, before.max))
                    sharesAfter = try UInt256.mulDiv(sharesBefore, UInt256(after.max), maxBefore, roundUp: true)
                } catch {
                    throw .arithmeticOverflow("slashing \(op) in \(strategy)")
                }
            }
            magnitudes[op, default: [:]][strategy] = after
            if shares[op] != nil { shares[op]?[strategy] = sharesAfter }
            record.wadSlashed.append(wadSlashed)
            record.magnitudeBefore.append(before)
            record.magnitudeAfter.append(after)
            record.sharesBefore.append(sharesBefore)
            record.sharesAfter.append(sharesAfter)
        }
        return record
    }

    mutating func claimFunds(_ ctx: EventContext) throws(ProtocolError) {
        guard let amount = claimable[ctx.sender], !amount.isZero else { throw .noFundsToClaim(ctx.sender) }
        claimable[ctx.sender] = nil
        claimed[ctx.sender] = (claimed[ctx.sender] ?? .zero).addingReportingOverflow(amount).partialValue
    }

    static func add(_ a: UInt256, _ b: UInt256) throws(ProtocolError) -> UInt256 {
        do { return try a.adding(b) } catch { throw .arithmeticOverflow("balance") }
    }
}

/// Rewards: a pool per epoch split by weight × accepted responses, recorded as a
/// RewardsCoordinator `createAVSRewardsSubmission` (ethereum.md §7, mainnet interval 604 800 s).
extension LedgerState {
    public static let calculationIntervalSeconds: UInt32 = 604_800
    public static let maxRewardsDurationSeconds: UInt32 = 6_048_000
    public static let maxRewardAmount = UInt256("99999999999999999999999999999999999999") ?? .max  // 1e38 − 1

    mutating func submitRewards(epoch: UInt32, token: Address, amount: UInt256, start: UInt32, duration: UInt32,
                                _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard epoch < currentEpoch else { throw .invalidRewardsSubmission("epoch \(epoch) is not finished (current \(currentEpoch))") }
        guard rewards[epoch] == nil else { throw .rewardsAlreadySubmitted(epoch: epoch) }
        guard !amount.isZero else { throw .invalidRewardsSubmission("AmountIsZero") }
        guard amount <= Self.maxRewardAmount else { throw .invalidRewardsSubmission("AmountExceedsMax: \(amount)") }
        guard duration > 0, duration % Self.calculationIntervalSeconds == 0 else { throw .invalidRewardsSubmission("InvalidDurationRemainder: \(duration)") }
        guard duration <= Self.maxRewardsDurationSeconds else { throw .invalidRewardsSubmission("DurationExceedsMax: \(duration)") }
        guard start % Self.calculationIntervalSeconds == 0 else { throw .invalidRewardsSubmission("InvalidStartTimestampRemainder: \(start)") }
        // score = weight at the epoch × responses accepted during it.
        var scores = [Address: UInt256]()
        var total = UInt256.zero
        for (key, count) in acceptedResponses where key.epoch == epoch {
            let score = registry.weight(of: key.operator, at: epoch).multipliedReportingOverflow(by: UInt256(count))
            guard !score.overflow else { throw .arithmeticOverflow("reward score") }
            guard !score.partialValue.isZero else { continue }
            scores[key.operator] = score.partialValue
            total = try Self.add(total, score.partialValue)
        }
        guard !total.isZero else { throw .noEligibleOperators(epoch: epoch) }
        var split = [Address: UInt256](), paid = UInt256.zero
        for (op, score) in scores {
            let share: UInt256
            do { share = try UInt256.mulDiv(amount, score, total) } catch { throw .arithmeticOverflow("reward share") }
            split[op] = share
            paid = try Self.add(paid, share)
        }
        // The rounding remainder goes to the highest score; ties go to the lowest address.
        guard let top = scores.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).first?.key else {
            throw .noEligibleOperators(epoch: epoch)
        }
        split[top] = (split[top] ?? .zero).addingReportingOverflow(amount.subtractingReportingOverflow(paid).partialValue).partialValue
        let strategies = registry.quorumHistory.value(at: epoch)?.strategies ?? registry.quorum.strategies
        let submission: ABIValue = .tuple([
            .array(strategies.map { .tuple([.address($0.strategy), .uint($0.multiplier)]) }), .address(token), .uint(amount),
            .uint(UInt256(UInt64(start))), .uint(UInt256(UInt64(duration))),
        ])
        let submissionType = ABIType.tuple([.array(.tuple([.address, .uint(96)])), .address, .uint256, .uint(32), .uint(32)])
        guard let encoded = try? ABI.encode([.address(genesis.serviceManager), .uint(UInt256(rewardsNonce)), submission],
                                            as: [.address, .uint256, submissionType]) else {
            throw .invalidRewardsSubmission("submission does not encode")
        }
        let record = RewardsRecord(epoch: epoch, token: token, amount: amount, startTimestamp: start, duration: duration,
                                   strategiesAndMultipliers: strategies, scores: scores, split: split, remainderTo: top,
                                   nonce: rewardsNonce, submissionHash: Keccak256.hash(encoded), sequence: ctx.sequence)
        rewards[epoch] = record
        archive.append(.rewards(record))
        rewardsNonce += 1
        // The scores are in the record; the counts of a rewarded epoch are no longer needed.
        acceptedResponses = acceptedResponses.filter { $0.key.epoch != epoch }
    }
}

import Ethereum

/// What a resolution decided before anything is written.
struct ChallengeDecision {
    /// The challenge decided.
    var challenge: Challenge
    /// The rule that decided.
    var rule: Challenge.Resolution.Rule
    /// The verified value, if any.
    var verified: VerifiedState?
    /// Whether the signers are slashed.
    var successful: Bool { rule == .claimedDiffersFromVerified }
}

/// Configuration, challenges, resolution and claims (spec §12; D11, D12).
extension StateDisputeResolver {
    /// `setOperatorSetId`, `setSlashableStrategies`, `setSlashAmount`: owner only.
    mutating func configure(_ event: ProtocolEvent, _ ctx: EventContext, _ genesis: LedgerGenesis)
        throws(ProtocolError)
    {
        try genesis.requireOwner(ctx)
        switch event {
        case .setOperatorSetId(let id):
            operatorSetId = id
        case .setSlashableStrategies(let list):
            guard !list.isEmpty else { throw .stateDisputeResolver(.emptyStrategiesArray) }
            guard list.count <= Limits.maxStrategiesPerEvent else {
                throw .ledger(
                    .tooManyItems(
                        field: "strategies", count: list.count, limit: Limits.maxStrategiesPerEvent)
                )
            }
            var last = Address.zero
            for s in list {
                guard s > last else {
                    throw .stakeRegistry(
                        .notSorted(
                            "strategy \(s) is not above \(last) (StrategiesMustBeInAscendingOrder)")
                    )
                }
                last = s
            }
            strategies = list
        case .setSlashAmount(let wad):
            guard !wad.isZero, wad <= LedgerGenesis.wad else {
                throw .stateDisputeResolver(.invalidSlashAmount(wad))
            }
            slashAmountWad = wad
        default:
            preconditionFailure("route sends only the resolver's configuration here")
        }
    }

    /// A challenge of `claim` with its operators' signatures and a bond of at least the genesis bond.
    mutating func submitChallenge(
        _ claim: StateClaim, _ signatures: [[UInt8]], bond: UInt256, _ ctx: EventContext,
        _ genesis: LedgerGenesis, registry: StakeRegistry,
        domainSeparator: Word
    ) throws(ProtocolError) {
        guard bond >= genesis.challengeBondWei else {
            throw .stateDisputeResolver(
                .insufficientBond(sent: bond, required: genesis.challengeBondWei))
        }
        // D12
        guard !strategies.isEmpty else { throw .stateDisputeResolver(.emptyStrategiesArray) }
        guard !signatures.isEmpty else { throw .stateDisputeResolver(.noSignatures) }
        guard signatures.count <= Limits.maxChallengeSignatures else {
            throw .stateDisputeResolver(.tooManySignatures(count: signatures.count))
        }
        guard claim.timestamp < StateClaim.timestampLimit else {
            throw .ledger(.invalidPayload("claim timestamp does not fit uint48"))
        }
        let id = claim.taskId
        guard challenges[id] == nil, !resolvedChallengeIds.contains(id) else {
            throw .stateDisputeResolver(.challengeAlreadyExists(id))
        }
        let (operators, signers) = try Self.signers(
            of: signatures, over: claim.digest(domainSeparator: domainSeparator),
            registry)
        challenges[id] = Challenge(
            id: id, claim: claim, challenger: ctx.sender, bondWei: bond, operators: operators,
            signers: signers, signatures: signatures, submittedSequence: ctx.sequence,
            deadlineBlock: ctx.blockNumber &+ genesis.challengeWindowBlocks, resolution: nil)
    }

    /// Recovers each signature and maps it to the operator whose signing key it is, once each.
    static func signers(
        of signatures: [[UInt8]], over digest: Word,
        _ registry: StakeRegistry
    ) throws(ProtocolError) -> ([Address], [Address]) {
        var operators = [Address]()
        var signers = [Address]()
        for (i, signature) in signatures.enumerated() {
            let signer: Address
            do { signer = try ECDSA.recover(digest: digest, signature: signature) } catch {
                throw .stakeRegistry(.invalidSignature("signatures[\(i)]: \(error.name)"))
            }
            guard let op = registry.signingKeyOperator[signer] else {
                throw .stakeRegistry(
                    .invalidSignature(
                        "signatures[\(i)] recovers \(signer), which is no operator's signing key"))
            }
            guard !operators.contains(op) else {
                throw .stateDisputeResolver(.duplicateOperator(op))
            }
            operators.append(op)
            signers.append(signer)
        }
        return (operators, signers)
    }

    /// Decides challenge `id` on the verified value; without one, refuses until the deadline and
    /// then fails it (D11). Writes nothing.
    func decide(_ id: Word, _ ctx: EventContext, _ verifier: MainChainVerifier)
        throws(ProtocolError) -> ChallengeDecision
    {
        guard !resolvedChallengeIds.contains(id) else {
            throw .stateDisputeResolver(.challengeAlreadyResolved(id))
        }
        guard let challenge = challenges[id] else {
            throw .stateDisputeResolver(.challengeNotFound(id))
        }
        let claim = challenge.claim
        let key = VerifiedKey(
            chainId: UInt64(claim.chainId), user: claim.user, key: claim.key,
            blockNumber: claim.blockNumber)
        guard let verified = verifier.verifiedStates[key] else {
            guard ctx.blockNumber >= challenge.deadlineBlock else {
                throw .stateDisputeResolver(.stateNotVerified(id))
            }
            return ChallengeDecision(challenge: challenge, rule: .expiredUnverified, verified: nil)
        }
        let rule: Challenge.Resolution.Rule =
            verified.value != claim.value
            ? .claimedDiffersFromVerified
            : .claimedEqualsVerified
        return ChallengeDecision(challenge: challenge, rule: rule, verified: verified)
    }

    /// The balance the bond lands in after `decision`: the challenger's claimable balance on
    /// success, the treasury on failure. Checked before anything is written.
    func bondBalance(after decision: ChallengeDecision) throws(ProtocolError) -> UInt256 {
        let bond = decision.challenge.bondWei
        let balance =
            decision.successful ? claimableWei[decision.challenge.challenger] ?? .zero : treasuryWei
        do { return try balance.adding(bond) } catch {
            throw .ledger(.arithmeticOverflow("balance"))
        }
    }

    /// Moves the challenge from the open ones to the resolved ids and credits the bond
    /// (``bondBalance(after:)``): returns the resolved challenge, for the archive.
    mutating func resolve(
        _ decision: ChallengeDecision, bondBalance: UInt256, slashes: [SlashRecord],
        _ ctx: EventContext
    ) -> Challenge {
        let id = decision.challenge.id
        if decision.successful {
            claimableWei[decision.challenge.challenger] = bondBalance
        } else {
            treasuryWei = bondBalance
        }
        let resolution = Challenge.Resolution(
            successful: decision.successful, rule: decision.rule,
            verified: decision.verified, sequence: ctx.sequence, slashes: slashes)
        challenges[id] = nil
        resolvedChallengeIds.insert(id)
        var resolved = decision.challenge
        resolved.resolution = resolution
        return resolved
    }

    /// Withdraws the sender's claimable balance (refunded bonds).
    mutating func claim(_ ctx: EventContext) throws(ProtocolError) {
        guard let amount = claimableWei[ctx.sender], !amount.isZero else {
            throw .stateDisputeResolver(.noFundsToClaim(ctx.sender))
        }
        claimableWei[ctx.sender] = nil
        claimedWei[ctx.sender] =
            (claimedWei[ctx.sender] ?? .zero).addingReportingOverflow(amount).partialValue
    }
}

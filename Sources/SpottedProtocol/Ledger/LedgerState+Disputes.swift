import Ethereum

/// Resolution and rewards: the resolver and the coordinator decide, the root carries their effects
/// to the AllocationManager, DelegationManager, stake registry, update queue and archive.
extension LedgerState {
    /// Resolves challenge `id`. On success every signing operator is slashed, their weights are
    /// refreshed (queued for the replicas by the epoch rule) and the bond is refunded; on failure the
    /// bond goes to the treasury (D11). Every effect is computed before the first write.
    mutating func resolveChallenge(_ id: Word, _ ctx: EventContext, effective: UInt32)
        throws(ProtocolError)
    {
        let decision = try stateDisputeResolver.decide(id, ctx, mainChainVerifier)
        let balance = try stateDisputeResolver.bondBalance(after: decision)
        var slashes = [SlashRecord]()
        if decision.successful {
            // The trial runs on copies of the slices a slash writes; they replace the live ones
            // only once every operator is slashed and refreshed.
            var allocation = allocationManager
            var delegation = delegationManager
            var registry = stakeRegistry
            let request = SlashRequest(
                operatorSetId: stateDisputeResolver.operatorSetId,
                strategies: stateDisputeResolver.strategies,
                wadToSlash: stateDisputeResolver.slashAmountWad, challengeId: id,
                effectiveEpoch: effective)
            for op in decision.challenge.operators {
                slashes.append(
                    try allocation.slash(
                        op, request, weightBefore: registry.latestWeight(of: op),
                        delegation: &delegation))
            }
            let update = try registry.refresh(
                decision.challenge.operators, type: .updateOperators, delegation, ctx,
                effective: effective)
            for i in slashes.indices {
                slashes[i].weightAfter = registry.latestWeight(of: slashes[i].operator)
            }
            allocationManager = allocation
            delegationManager = delegation
            stakeRegistry = registry
            epochManager.enqueue(update, effective: effective)
        }
        let resolved = stateDisputeResolver.resolve(
            decision, bondBalance: balance, slashes: slashes, ctx)
        archive.append(.challenge(resolved))
    }

    /// Rewards an epoch: the coordinator records the submission, the archive absorbs it, and the
    /// epoch's response counts are dropped (its scores are in the record).
    mutating func submitRewards(
        _ request: RewardsRequest, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        let record = try rewardsCoordinator.submit(
            request, ctx, genesis, currentEpoch: currentEpoch,
            registry: stakeRegistry, tasks: tasks)
        archive.append(.rewards(record))
        tasks.forgetResponses(of: request.epoch)
    }
}

extension LedgerState {
    /// Hands over the archive records finalized since the last call, in log order, and forgets
    /// them: the engine stores them; the state keeps only their running hash. Neither the root,
    /// equality nor any encoding depends on whether or when this is called.
    public mutating func takeArchived() -> [StateArchive.Record] {
        guard !archive.pending.isEmpty else { return [] }
        defer { archive.pending.removeAll() }
        return archive.pending
    }
}

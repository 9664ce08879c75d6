import Ethereum

extension LedgerState.OperatorSalt: Comparable {
    public static func < (a: Self, b: Self) -> Bool { (a.operator, a.salt) < (b.operator, b.salt) }
}

extension LedgerState {
    /// Keccak-256 of ``canonicalEncoding()``: equal for equal states on any machine. Continues from
    /// the archive's running hash and absorbs the live state as it is encoded, so a root costs the
    /// live state's bytes, not the history's.
    public var root: Word {
        var e = CanonicalEncoder.hashing(from: archive.hasher)
        encodeLive(into: &e)
        return e.finalizeHash()
    }

    /// The state as bytes: the header, the archive in log order, then the live state with every
    /// collection in ascending key order.
    public func canonicalEncoding() -> [UInt8] {
        var e = CanonicalEncoder()
        Self.encodeHeader(into: &e)
        for record in archivedRecords() { StateArchive.encode(record, into: &e) }
        encodeLive(into: &e)
        return e.bytes
    }

    /// Resolved challenges and rewards submissions, in the order the log finalized them.
    public func archivedRecords() -> [StateArchive.Record] {
        var records = challenges.values.filter { $0.resolution != nil }.map(StateArchive.Record.challenge)
        records += rewards.values.map(StateArchive.Record.rewards)
        records.sort { $0.sequence < $1.sequence }
        return records
    }

    static func encodeHeader(into e: inout CanonicalEncoder) {
        e.tag("spotted-ledger-state/2")
    }

    /// Everything after the archive, starting with its end marker.
    private func encodeLive(into e: inout CanonicalEncoder) {
        e.u8(StateArchive.Kind.end.rawValue)
        if let genesis {
            e.bool(true)
            Self.encode(genesis, into: &e)
        } else {
            e.bool(false)
        }
        e.u32(currentEpoch)
        e.count(lastBlock.count)
        for (chain, block) in lastBlock { e.u64(chain); e.u64(block) }
        e.tag("delegation")
        e.map(shares) { e, op, strategies in
            e.address(op)
            e.map(strategies) { e, strategy, amount in e.address(strategy); e.uint(amount) }
        }
        e.tag("avs-directory")
        e.set(avsRegistered) { e, op in e.address(op) }
        e.set(spentSalts) { e, s in e.address(s.operator); e.word(s.salt) }
        e.tag("stake-registry")
        Self.encode(registry, into: &e)
        e.tag("epoch-manager")
        e.map(queue) { e, epoch, updates in
            e.u32(epoch)
            e.count(updates.count)
            for update in updates { e.u8(update.type.rawValue); e.u64(update.sequence); e.data(update.data) }
        }
        e.tag("registry-state-sender")
        e.map(bridges) { e, chain, route in e.u64(chain); e.address(route.bridge); e.address(route.receiver) }
        e.map(sentBatches) { e, key, guid in e.u32(key.epoch); e.u64(key.chainId); e.word(guid) }
        e.set(missedBatches) { e, key in e.u32(key.epoch); e.u64(key.chainId) }
        e.map(bridgeNonces) { e, chain, nonce in e.u64(chain); e.u64(nonce) }
        e.tag("abridge")
        e.map(messages) { e, guid, m in
            e.word(guid); e.u64(m.sourceChainId); e.u64(m.destinationChainId); e.address(m.from); e.address(m.to)
            e.data(m.payload); e.word(m.payloadHash); e.uint(m.fee); e.uint(m.surplus); e.u64(m.sentSequence)
            e.bool(m.deliveredSequence != nil); e.u64(m.deliveredSequence ?? 0)
        }
        e.tag("replicas")
        e.map(replicas) { e, chain, replica in
            e.u64(chain)
            Self.encode(replica, into: &e)
        }
        e.tag("state-manager")
        e.map(histories) { e, key, entries in
            e.u64(key.chainId); e.address(key.user); e.uint(key.key)
            e.count(entries.count)
            for h in entries { e.uint(h.value); e.u64(h.blockNumber); e.u64(h.timestamp); e.u64(h.sequence) }
        }
        e.tag("tasks")
        e.map(tasks) { e, id, task in
            e.word(id); Self.encode(task.slot, into: &e); e.u64(task.createdSequence); e.u64(task.expiresAtBlock)
            e.map(task.responses) { e, op, r in
                e.address(op); e.uint(r.value); e.signature(r.signature); e.address(r.signingKey); e.u32(r.epoch); e.u64(r.sequence)
            }
        }
        e.map(acceptedResponses) { e, key, count in e.u32(key.epoch); e.address(key.operator); e.u64(count) }
        e.tag("verifiers")
        e.map(remoteVerifierContracts) { e, chain, a in e.u64(chain); e.address(a) }
        e.map(remoteVerifiers) { e, chain, a in e.u64(chain); e.address(a) }
        e.set(verifierGuids) { e, guid in e.word(guid) }
        e.map(verifiedStates) { e, key, v in
            e.u64(key.chainId); e.address(key.user); e.uint(key.key); e.u64(key.blockNumber); e.uint(v.value); e.u64(v.sequence); e.word(v.guid)
        }
        e.tag("dispute-resolver")
        e.u32(slashing.operatorSetId)
        e.count(slashing.strategies.count)
        for s in slashing.strategies { e.address(s) }
        e.uint(slashing.slashAmount)
        e.map(challenges, where: { $0.resolution == nil }) { e, id, c in e.word(id); Self.encode(c, into: &e) }
        e.map(claimable) { e, a, v in e.address(a); e.uint(v) }
        e.map(claimed) { e, a, v in e.address(a); e.uint(v) }
        e.uint(treasury)
        e.map(magnitudes) { e, op, byStrategy in
            e.address(op)
            e.map(byStrategy) { e, s, m in e.address(s); e.u64(m.current); e.u64(m.max) }
        }
        e.tag("rewards")
        e.u64(rewardsNonce)
    }

    static func encode(_ r: RewardsRecord, into e: inout CanonicalEncoder) {
        e.u32(r.epoch); e.address(r.token); e.uint(r.amount); e.u32(r.startTimestamp); e.u32(r.duration)
        e.count(r.strategiesAndMultipliers.count)
        for s in r.strategiesAndMultipliers { e.address(s.strategy); e.uint(s.multiplier) }
        e.map(r.scores) { e, a, v in e.address(a); e.uint(v) }
        e.map(r.split) { e, a, v in e.address(a); e.uint(v) }
        e.address(r.remainderTo); e.u64(r.nonce); e.word(r.submissionHash); e.u64(r.sequence)
    }

    static func encode(_ s: StateSlot, into e: inout CanonicalEncoder) {
        e.address(s.user); e.u32(s.chainId); e.u64(s.blockNumber); e.u64(s.timestamp); e.uint(s.key)
    }

    static func encode(_ c: Challenge, into e: inout CanonicalEncoder) {
        encode(c.claim.slot, into: &e); e.uint(c.claim.value)
        e.address(c.challenger); e.uint(c.bond)
        e.count(c.operators.count)
        for (op, signer) in zip(c.operators, c.signers) { e.address(op); e.address(signer) }
        e.count(c.signatures.count)
        for s in c.signatures { e.data(s) }
        e.u64(c.submittedSequence); e.u64(c.deadlineBlock)
        e.bool(c.resolution != nil)
        if let r = c.resolution {
            e.bool(r.successful); e.data(Array(r.rule.rawValue.utf8)); e.u64(r.sequence)
            e.bool(r.verified != nil); e.uint(r.verified?.value ?? .zero); e.u64(r.verified?.sequence ?? 0); e.word(r.verified?.guid ?? .zero)
            e.count(r.slashes.count)
            for s in r.slashes {
                e.address(s.operator); e.u32(s.operatorSetId); e.uint(s.wadToSlash); e.uint(s.weightBefore); e.uint(s.weightAfter)
                e.u32(s.effectiveEpoch); e.data(Array(s.description.utf8))
                e.count(s.strategies.count)
                for i in s.strategies.indices {
                    e.address(s.strategies[i]); e.uint(s.wadSlashed[i])
                    e.u64(s.magnitudeBefore[i].current); e.u64(s.magnitudeBefore[i].max)
                    e.u64(s.magnitudeAfter[i].current); e.u64(s.magnitudeAfter[i].max)
                    e.uint(s.sharesBefore[i]); e.uint(s.sharesAfter[i])
                }
            }
        }
    }

    static func encode(_ r: ReplicaState, into e: inout CanonicalEncoder) {
        e.address(r.abridge); e.address(r.receiver); e.address(r.sender)
        encode(r.registry, into: &e)
        e.bool(r.lastAppliedEpoch != nil); e.u32(r.lastAppliedEpoch ?? 0)
        e.map(r.appliedBatches) { e, epoch, seq in e.u32(epoch); e.u64(seq) }
        e.count(r.gaps.count)
        for gap in r.gaps { e.u32(gap) }
        e.set(r.processedGuids) { e, guid in e.word(guid) }
    }

    static func encode(_ g: LedgerGenesis, into e: inout CanonicalEncoder) {
        e.u64(g.mainChainId); e.u64(g.genesisBlock); e.u64(g.epochLengthBlocks); e.u64(g.gracePeriodBlocks)
        e.address(g.avsDirectory); e.address(g.serviceManager); e.address(g.resolver); e.address(g.owner)
        e.address(g.registryStateSender); e.uint(g.bridgeFee); e.address(g.mainAbridge); e.address(g.mainChainVerifier)
        e.uint(g.challengeBond); e.u64(g.challengeWindowBlocks); e.uint(g.slashAmount)
        encode(g.quorum, into: &e)
        e.uint(g.thresholdWeight); e.uint(g.minimumWeight)
    }

    static func encode(_ q: Quorum, into e: inout CanonicalEncoder) {
        e.count(q.strategies.count)
        for s in q.strategies { e.address(s.strategy); e.uint(s.multiplier) }
    }

    static func encode(_ r: StakeRegistryState, into e: inout CanonicalEncoder) {
        encode(r.quorum, into: &e)
        e.checkpoints(r.quorumHistory) { e, q in encode(q, into: &e) }
        e.uint(r.minimumWeight)
        e.checkpoints(r.minimumWeightHistory) { e, v in e.uint(v) }
        e.count(r.totalOperators)
        e.map(r.operators) { e, op, record in
            e.address(op)
            e.bool(record.registered)
            e.checkpoints(record.status) { e, s in e.bool(s) }
            e.checkpoints(record.signingKey) { e, k in e.address(k) }
            e.checkpoints(record.p2pKey) { e, k in e.address(k) }
            e.checkpoints(record.weight) { e, w in e.uint(w) }
        }
        e.map(r.signingKeyOperator) { e, key, op in e.address(key); e.address(op) }
        e.checkpoints(r.totalWeight) { e, v in e.uint(v) }
        e.checkpoints(r.threshold) { e, v in e.uint(v) }
    }
}

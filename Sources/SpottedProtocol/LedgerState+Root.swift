import Ethereum

extension LedgerState.OperatorSalt: Comparable {
    public static func < (a: Self, b: Self) -> Bool { (a.operator, a.salt) < (b.operator, b.salt) }
}

extension LedgerState {
    /// Keccak-256 of ``canonicalEncoding``: equal for equal states on any machine.
    public var root: Word { Keccak256.hash(canonicalEncoding()) }

    /// The state as bytes, every collection in ascending key order.
    public func canonicalEncoding() -> [UInt8] {
        var e = CanonicalEncoder()
        e.tag("spotted-ledger-state/1")
        if let genesis {
            e.bool(true)
            Self.encode(genesis, into: &e)
        } else {
            e.bool(false)
        }
        e.u32(currentEpoch)
        e.map(lastBlock) { e, chain, block in e.u64(chain); e.u64(block) }
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
            e.data(m.payload); e.uint(m.fee); e.uint(m.surplus); e.u64(m.sentSequence)
            e.bool(m.deliveredSequence != nil); e.u64(m.deliveredSequence ?? 0)
        }
        e.tag("replicas")
        e.map(replicas) { e, chain, replica in
            e.u64(chain)
            Self.encode(replica, into: &e)
        }
        return e.bytes
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

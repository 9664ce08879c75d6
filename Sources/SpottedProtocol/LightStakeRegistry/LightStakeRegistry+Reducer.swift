import Ethereum

/// Deployment and `handleMessage` → `processEpochUpdate` on a destination chain (spec §6–7; D1–D3).
extension LightStakeRegistry {
    /// Deploys the receiver and light registry on the event's chain, initialized with the
    /// threshold and quorum the main registry was deployed with; owner only.
    init(
        initializing ctx: EventContext, abridge: Address, receiver: Address,
        existing: LightStakeRegistry?,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        try genesis.requireOwner(ctx)
        guard existing == nil else {
            throw .lightStakeRegistry(.replicaAlreadyInitialized(chainId: ctx.chainId))
        }
        guard !abridge.isZero, !receiver.isZero else {
            throw .lightStakeRegistry(.invalidBridgeInfo("abridge and receiver must be non-zero"))
        }
        self.init(
            chainId: ctx.chainId, abridge: abridge, receiver: receiver,
            sender: genesis.registryStateSender)
        registry = StakeRegistry(initializedWith: genesis, sequence: ctx.sequence)
    }

    /// `handleMessage(from, message, guid)` → `processEpochUpdate(epoch, updates)` for a delivery
    /// the Abridge matched to what was sent.
    mutating func receive(_ d: BridgeDelivery, _ ctx: EventContext) throws(ProtocolError) {
        guard ctx.sender == abridge else {
            throw .lightStakeRegistry(
                .invalidSender("msg.sender \(ctx.sender) is not the Abridge \(abridge)"))
        }
        // `from` is the RegistryStateSender here: only it sends to destination chains, and the
        // Abridge holds the delivery to what was sent.
        guard d.to == receiver else {
            throw .lightStakeRegistry(
                .invalidSender("message is for \(d.to), not this receiver \(receiver)"))
        }
        guard !processedGuids.contains(d.guid) else {
            throw .lightStakeRegistry(.messageAlreadyProcessed(guid: d.guid))
        }
        let (epoch, updates) = try ReplicaUpdate.decodeBatch(d.payload)
        // D1: apply batch E iff E > last applied; repeats and older epochs are refused.
        if let last = lastAppliedEpoch, epoch <= last {
            throw .lightStakeRegistry(
                .batchUpdateFailed(
                    "InvalidEpoch: batch \(epoch) is not after the last applied epoch \(last)"))
        }
        try Self.checkOperatorCount(updates, start: registry.totalOperators)
        let previous = lastAppliedEpoch ?? 0
        if epoch > previous + 1 { gaps.append(contentsOf: (previous + 1)..<epoch) }
        for update in updates { registry.apply(update, epoch: epoch, sequence: ctx.sequence) }
        lastAppliedEpoch = epoch
        appliedBatches[epoch] = ctx.sequence
        processedGuids.insert(d.guid)
    }

    /// DEREGISTER below zero operators is the contract's arithmetic panic: refuse the batch.
    static func checkOperatorCount(_ updates: [ReplicaUpdate], start: Int) throws(ProtocolError) {
        var count = start
        for update in updates {
            switch update {
            case .register: count += 1
            case .deregister:
                guard count > 0 else {
                    throw .lightStakeRegistry(
                        .batchUpdateFailed("DEREGISTER with no registered operators (panic 0x11)"))
                }
                count -= 1
            default: break
            }
        }
    }
}

extension StakeRegistry {
    /// LightStakeRegistry's handler for one update, every write tagged with the batch epoch.
    mutating func apply(_ update: ReplicaUpdate, epoch: UInt32, sequence: UInt64) {
        switch update {
        case .register(let op, let key, let weight, let total):
            setRegistration(op, true, weight: weight, epoch: epoch, sequence: sequence)
            operators[op, default: OperatorRecord()].signingKey.push(
                key, epoch: epoch, sequence: sequence)
            totalOperators += 1
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .deregister(let op, let weight, let total):
            setRegistration(op, false, weight: weight, epoch: epoch, sequence: sequence)
            totalOperators -= 1
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .signingKey(let op, let key):
            if operators[op]?.signingKey.latest != key {
                operators[op, default: OperatorRecord()].signingKey.push(
                    key, epoch: epoch, sequence: sequence)
            }
        case .p2pKey(let op, let key):
            if operators[op]?.p2pKey.latest != key {
                operators[op, default: OperatorRecord()].p2pKey.push(
                    key, epoch: epoch, sequence: sequence)
            }
        case .weights(let ops, let weights, let total, let quorum, let minimum):
            if let quorum {
                self.quorum = quorum
                quorumHistory.push(quorum, epoch: epoch, sequence: sequence)
            }
            if let minimum {
                minimumWeight = minimum
                minimumWeightHistory.push(minimum, epoch: epoch, sequence: sequence)
            }
            for (op, weight) in zip(ops, weights) {
                operators[op, default: OperatorRecord()].weight.push(
                    weight, epoch: epoch, sequence: sequence)
            }
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .threshold(let t):
            threshold.push(t, epoch: epoch, sequence: sequence)
        }
    }

    /// A REGISTER or DEREGISTER's status and weight.
    private mutating func setRegistration(
        _ op: Address, _ registered: Bool, weight: UInt256, epoch: UInt32,
        sequence: UInt64
    ) {
        var record = operators[op] ?? OperatorRecord()
        record.registered = registered
        record.status.push(registered, epoch: epoch, sequence: sequence)
        record.weight.push(weight, epoch: epoch, sequence: sequence)
        operators[op] = record
    }
}

import Ethereum

/// RegistryStateReceiver and LightStakeRegistry on destination chains (spec §6–7; D1–D3).
extension LedgerState {
    mutating func initializeReplica(abridge: Address, receiver: Address, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard replicas[ctx.chainId] == nil else { throw .replicaAlreadyInitialized(chainId: ctx.chainId) }
        guard !abridge.isZero, !receiver.isZero else { throw .invalidBridgeInfo("abridge and receiver must be non-zero") }
        var replica = ReplicaState(chainId: ctx.chainId, abridge: abridge, receiver: receiver, sender: genesis.registryStateSender)
        // initialize(threshold, quorum) with the values the main registry was deployed with.
        replica.registry.quorum = genesis.quorum
        replica.registry.quorumHistory.push(genesis.quorum, epoch: 0, sequence: ctx.sequence)
        replica.registry.minimumWeight = genesis.minimumWeight
        replica.registry.minimumWeightHistory.push(genesis.minimumWeight, epoch: 0, sequence: ctx.sequence)
        replica.registry.threshold.push(genesis.thresholdWeight, epoch: 0, sequence: ctx.sequence)
        replica.registry.totalWeight.push(.zero, epoch: 0, sequence: ctx.sequence)
        replicas[ctx.chainId] = replica
    }

    /// Abridge delivery → `handleMessage(from, message, guid)` → `processEpochUpdate(epoch, updates)`.
    mutating func deliver(_ d: BridgeDelivery, _ ctx: EventContext) throws(ProtocolError) {
        guard var replica = replicas[ctx.chainId] else { throw .replicaNotInitialized(chainId: ctx.chainId) }
        var message = try sentMessage(matching: d, on: ctx.chainId)
        // RegistryStateReceiver.handleMessage.
        guard ctx.sender == replica.abridge else { throw .invalidSender("msg.sender \(ctx.sender) is not the Abridge \(replica.abridge)") }
        // `from` is the RegistryStateSender here: only it sends to destination chains, and
        // `sentMessage` holds the delivery to what was sent.
        guard d.to == replica.receiver else { throw .invalidSender("message is for \(d.to), not this receiver \(replica.receiver)") }
        guard !replica.processedGuids.contains(d.guid) else { throw .messageAlreadyProcessed(guid: d.guid) }
        let (epoch, updates) = try ReplicaUpdate.decodeBatch(d.payload)
        // D1: apply batch E iff E > last applied; repeats and older epochs are refused.
        if let last = replica.lastAppliedEpoch, epoch <= last {
            throw .batchUpdateFailed("InvalidEpoch: batch \(epoch) is not after the last applied epoch \(last)")
        }
        try Self.checkOperatorCount(updates, start: replica.registry.totalOperators)

        let previous = replica.lastAppliedEpoch ?? 0
        if epoch > previous + 1 { replica.gaps.append(contentsOf: (previous + 1)..<epoch) }
        for update in updates { replica.registry.apply(update, epoch: epoch, sequence: ctx.sequence) }
        replica.lastAppliedEpoch = epoch
        replica.appliedBatches[epoch] = ctx.sequence
        replica.processedGuids.insert(d.guid)
        replicas[ctx.chainId] = replica
        message.markDelivered(at: ctx.sequence)
        messages[d.guid] = message
    }

    /// DEREGISTER below zero operators is the contract's arithmetic panic: refuse the batch.
    static func checkOperatorCount(_ updates: [ReplicaUpdate], start: Int) throws(ProtocolError) {
        var count = start
        for update in updates {
            switch update {
            case .register: count += 1
            case .deregister:
                guard count > 0 else { throw .batchUpdateFailed("DEREGISTER with no registered operators (panic 0x11)") }
                count -= 1
            default: break
            }
        }
    }
}

extension StakeRegistryState {
    /// LightStakeRegistry's handler for one update, every write tagged with the batch epoch.
    mutating func apply(_ update: ReplicaUpdate, epoch: UInt32, sequence: UInt64) {
        switch update {
        case .register(let op, let key, let weight, let total):
            var record = operators[op] ?? OperatorRecord()
            record.registered = true
            record.status.push(true, epoch: epoch, sequence: sequence)
            record.signingKey.push(key, epoch: epoch, sequence: sequence)
            record.weight.push(weight, epoch: epoch, sequence: sequence)
            operators[op] = record
            totalOperators += 1
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .deregister(let op, let weight, let total):
            var record = operators[op] ?? OperatorRecord()
            record.registered = false
            record.status.push(false, epoch: epoch, sequence: sequence)
            record.weight.push(weight, epoch: epoch, sequence: sequence)
            operators[op] = record
            totalOperators -= 1
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .signingKey(let op, let key):
            if operators[op]?.signingKey.latest != key {
                operators[op, default: OperatorRecord()].signingKey.push(key, epoch: epoch, sequence: sequence)
            }
        case .p2pKey(let op, let key):
            if operators[op]?.p2pKey.latest != key {
                operators[op, default: OperatorRecord()].p2pKey.push(key, epoch: epoch, sequence: sequence)
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
                operators[op, default: OperatorRecord()].weight.push(weight, epoch: epoch, sequence: sequence)
            }
            totalWeight.push(total, epoch: epoch, sequence: sequence)
        case .threshold(let t):
            threshold.push(t, epoch: epoch, sequence: sequence)
        }
    }
}

extension ReplicaState {
    /// `isValidSignature` on this light registry: the reference epoch is bounded by the last applied batch.
    public func isValidSignature(digest: Word, signatureData: [UInt8]) throws(ProtocolError) -> [UInt8] {
        try SignatureChecker.isValidSignature(digest: digest, signatureData: signatureData, registry: registry,
                                              latestEpoch: lastAppliedEpoch ?? 0)
    }
}

import Ethereum

/// The ECDSAStakeRegistry, AVSDirectory and DelegationManager handlers (spec §9, ethereum.md §5).
extension LedgerState {
    static let registrationTypeHash = Keccak256.hash("OperatorAVSRegistration(address operator,address avs,bytes32 salt,uint256 expiry)")

    /// `calculateOperatorAVSRegistrationDigestHash(operator, avs, salt, expiry)`.
    public static func registrationDigest(operator op: Address, genesis: LedgerGenesis, salt: Word, expiry: UInt256) -> Word {
        let structHash = EIP712.hashStruct(typeHash: registrationTypeHash,
                                           fields: [op.word, genesis.serviceManager.word, salt, expiry.word])
        return EIP712.digest(domainSeparator: genesis.avsDirectoryDomain.separator, structHash: structHash)
    }

    mutating func setShares(_ op: Address, _ list: [StrategyShares]) throws(ProtocolError) {
        guard list.count <= ProtocolLimits.maxStrategiesPerEvent else {
            throw .tooManyItems(field: "shares", count: list.count, limit: ProtocolLimits.maxStrategiesPerEvent)
        }
        var current = shares[op] ?? [:]
        for entry in list { current[entry.strategy] = entry.shares }
        shares[op] = current
    }

    mutating func register(_ sig: RegistrationSignature, signingKey: Address, p2pKey: Address, _ ctx: EventContext,
                           genesis: LedgerGenesis, effective: UInt32) throws(ProtocolError) {
        let op = ctx.sender
        guard !registry.isRegistered(op) else { throw .operatorAlreadyRegistered(op) }
        if let owner = registry.signingKeyOperator[signingKey], owner != op, !signingKey.isZero {
            throw .signingKeyAlreadySet(key: signingKey, owner: owner)
        }
        // AVSDirectory.registerOperatorToAVS, checks in the v1.x order.
        guard !avsRegistered.contains(op) else { throw .operatorAlreadyRegisteredToAVS(op) }
        guard !spentSalts.contains(OperatorSalt(operator: op, salt: sig.salt)) else { throw .saltSpent(operator: op, salt: sig.salt) }
        guard shares[op] != nil else { throw .operatorNotRegisteredToEigenLayer(op) }
        guard sig.expiry >= UInt256(ctx.timestamp) else { throw .signatureExpired(expiry: sig.expiry, timestamp: ctx.timestamp) }
        if ctx.signatureChecks == .verify { try registrationClaim(sig, ctx, genesis).check() }
        let weight = try computeWeight(of: op, quorum: registry.quorum, minimum: registry.minimumWeight)
        let oldWeight = registry.latestWeight(of: op)
        let total = try adjustedTotal(removing: oldWeight, adding: weight)

        // Every rule holds: write.
        var record = registry.operators[op] ?? OperatorRecord()
        record.registered = true
        record.status.push(true, epoch: effective, sequence: ctx.sequence)
        if weight != oldWeight { record.weight.push(weight, epoch: effective, sequence: ctx.sequence) }
        if record.signingKey.latest != signingKey { record.signingKey.push(signingKey, epoch: effective, sequence: ctx.sequence) }
        if record.p2pKey.latest != p2pKey { record.p2pKey.push(p2pKey, epoch: effective, sequence: ctx.sequence) }
        registry.operators[op] = record
        registry.totalOperators += 1
        registry.totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        if !signingKey.isZero { registry.signingKeyOperator[signingKey] = op }
        avsRegistered.insert(op)
        spentSalts.insert(OperatorSalt(operator: op, salt: sig.salt))
        enqueue(.register, StateUpdatePayload.register(operator: op, signingKey: signingKey, weight: weight, totalWeight: total), ctx, effective: effective)
        // D9: the P2P key reaches replicas with the registration, as an UPDATE_P2P_KEY queued right after it.
        enqueue(.updateP2pKey, StateUpdatePayload.key(operator: op, key: p2pKey), ctx, effective: effective)
    }

    mutating func deregister(_ ctx: EventContext, effective: UInt32) throws(ProtocolError) {
        let op = ctx.sender
        guard var record = registry.operators[op], record.registered else { throw .operatorNotRegistered(op) }
        let oldWeight = record.weight.latest ?? .zero
        let total = try adjustedTotal(removing: oldWeight, adding: .zero)
        record.registered = false
        record.status.push(false, epoch: effective, sequence: ctx.sequence)
        if !oldWeight.isZero { record.weight.push(.zero, epoch: effective, sequence: ctx.sequence) }
        registry.operators[op] = record
        registry.totalOperators -= 1
        registry.totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        avsRegistered.remove(op)
        enqueue(.deregister, StateUpdatePayload.deregister(operator: op, weight: .zero, totalWeight: total), ctx, effective: effective)
    }

    mutating func updateSigningKey(_ key: Address, _ ctx: EventContext, effective: UInt32) throws(ProtocolError) {
        let op = ctx.sender
        guard var record = registry.operators[op], record.registered else { throw .operatorNotRegistered(op) }
        if let owner = registry.signingKeyOperator[key], owner != op, !key.isZero {
            throw .signingKeyAlreadySet(key: key, owner: owner)
        }
        // D6: rotation is allowed and takes effect by the epoch rule.
        if record.signingKey.latest != key {
            record.signingKey.push(key, epoch: effective, sequence: ctx.sequence)
            registry.operators[op] = record
        }
        if !key.isZero { registry.signingKeyOperator[key] = op }
        enqueue(.updateSigningKey, StateUpdatePayload.key(operator: op, key: key), ctx, effective: effective)
    }

    mutating func updateP2pKey(_ key: Address, _ ctx: EventContext, effective: UInt32) throws(ProtocolError) {
        let op = ctx.sender
        guard var record = registry.operators[op], record.registered else { throw .operatorNotRegistered(op) }
        if record.p2pKey.latest != key {
            record.p2pKey.push(key, epoch: effective, sequence: ctx.sequence)
            registry.operators[op] = record
        }
        enqueue(.updateP2pKey, StateUpdatePayload.key(operator: op, key: key), ctx, effective: effective)
    }

    /// `updateOperators`, `updateOperatorsForQuorum`, `updateQuorumConfig` and `updateMinimumWeight`:
    /// refresh the listed operators' weights (in list order, duplicates allowed), write the total,
    /// and queue the update with the resulting weights.
    mutating func refreshAndQueue(_ ops: [Address], type: MessageType, _ ctx: EventContext, effective: UInt32,
                                  newQuorum: Quorum? = nil, newMinimum: UInt256? = nil) throws(ProtocolError) {
        guard ops.count <= ProtocolLimits.maxOperatorsPerEvent else {
            throw .tooManyItems(field: "operators", count: ops.count, limit: ProtocolLimits.maxOperatorsPerEvent)
        }
        let quorum = newQuorum ?? registry.quorum
        let minimum = newMinimum ?? registry.minimumWeight
        var latest: [Address: UInt256] = [:]
        var weights = [UInt256]()
        weights.reserveCapacity(ops.count)
        var total = registry.totalWeight.latest ?? .zero
        for op in ops {
            let old = latest[op] ?? registry.latestWeight(of: op)
            let new = registry.isRegistered(op) ? try computeWeight(of: op, quorum: quorum, minimum: minimum) : .zero
            if new != old {
                total = try Self.adjust(total, removing: old, adding: new)
                latest[op] = new
            }
            weights.append(new)
        }

        registry.quorum = quorum
        registry.minimumWeight = minimum
        for (op, weight) in latest {  // each write touches only its own operator's history
            registry.operators[op, default: OperatorRecord()].weight.push(weight, epoch: effective, sequence: ctx.sequence)
        }
        registry.totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        let payload: [UInt8]
        switch type {
        case .updateQuorum:
            registry.quorumHistory.push(quorum, epoch: effective, sequence: ctx.sequence)
            payload = StateUpdatePayload.quorum(quorum, operators: ops, weights: weights, totalWeight: total)
        case .updateMinWeight:
            registry.minimumWeightHistory.push(minimum, epoch: effective, sequence: ctx.sequence)
            payload = StateUpdatePayload.minimumWeight(minimum, operators: ops, weights: weights, totalWeight: total)
        default:
            payload = StateUpdatePayload.operators(ops, weights: weights, totalWeight: total)
        }
        enqueue(type, payload, ctx, effective: effective)
    }

    /// `getOperatorWeight`: Σ shares × multiplier / 10 000 over the quorum, 0 below the minimum.
    public func computeWeight(of op: Address, quorum: Quorum, minimum: UInt256) throws(ProtocolError) -> UInt256 {
        let held = shares[op] ?? [:]
        var sum = UInt256.zero
        for params in quorum.strategies {
            guard let amount = held[params.strategy], !amount.isZero else { continue }
            do {
                sum = try sum.adding(try amount.multiplied(by: params.multiplier))
            } catch {
                throw .arithmeticOverflow("weight of \(op): shares × multiplier")
            }
        }
        let weight = sum.quotientAndRemainder(dividingBy: Quorum.totalBasisPoints)?.quotient ?? .zero
        return weight < minimum ? .zero : weight
    }

    func adjustedTotal(removing old: UInt256, adding new: UInt256) throws(ProtocolError) -> UInt256 {
        try Self.adjust(registry.totalWeight.latest ?? .zero, removing: old, adding: new)
    }

    static func adjust(_ total: UInt256, removing old: UInt256, adding new: UInt256) throws(ProtocolError) -> UInt256 {
        do {
            return try total.subtracting(old).adding(new)
        } catch {
            throw .arithmeticOverflow("total weight")
        }
    }
}

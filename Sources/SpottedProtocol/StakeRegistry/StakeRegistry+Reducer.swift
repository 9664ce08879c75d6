import Ethereum

/// The main-chain ECDSAStakeRegistry's actions (spec §9). Each checks every rule before its first
/// write and returns the updates it queues for the replicas (the EpochManager's part).
extension StakeRegistry {
    /// The registry's own checks of `registerOperatorWithSignature`, before AVSDirectory's.
    func checkRegistration(_ op: Address, signingKey: Address) throws(ProtocolError) {
        guard !isRegistered(op) else { throw .stakeRegistry(.operatorAlreadyRegistered(op)) }
        if let owner = signingKeyOperator[signingKey], owner != op, !signingKey.isZero {
            throw .stakeRegistry(.signingKeyAlreadySet(key: signingKey, owner: owner))
        }
    }

    /// Registers `op` with `weight` (checked by ``checkRegistration(_:signingKey:)`` and AVSDirectory).
    mutating func register(
        _ op: Address, signingKey: Address, p2pKey: Address, weight: UInt256,
        _ ctx: EventContext, effective: UInt32
    ) throws(ProtocolError) -> [StateUpdate] {
        let oldWeight = latestWeight(of: op)
        let total = try adjustedTotal(removing: oldWeight, adding: weight)
        var record = operators[op] ?? OperatorRecord()
        record.registered = true
        record.status.push(true, epoch: effective, sequence: ctx.sequence)
        if weight != oldWeight {
            record.weight.push(weight, epoch: effective, sequence: ctx.sequence)
        }
        if record.signingKey.latest != signingKey {
            record.signingKey.push(signingKey, epoch: effective, sequence: ctx.sequence)
        }
        if record.p2pKey.latest != p2pKey {
            record.p2pKey.push(p2pKey, epoch: effective, sequence: ctx.sequence)
        }
        operators[op] = record
        totalOperators += 1
        totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        if !signingKey.isZero { signingKeyOperator[signingKey] = op }
        let register = StateUpdatePayload.register(
            operator: op, signingKey: signingKey, weight: weight,
            totalWeight: total)
        // D9: the P2P key reaches replicas with the registration, as an UPDATE_P2P_KEY right after it.
        return [
            StateUpdate(type: .register, data: register, sequence: ctx.sequence),
            StateUpdate(
                type: .updateP2pKey, data: StateUpdatePayload.key(operator: op, key: p2pKey),
                sequence: ctx.sequence),
        ]
    }

    /// `deregisterOperator`: the weight leaves the total.
    mutating func deregister(_ op: Address, _ ctx: EventContext, effective: UInt32)
        throws(ProtocolError) -> StateUpdate
    {
        guard var record = operators[op], record.registered else {
            throw .stakeRegistry(.operatorNotRegistered(op))
        }
        let oldWeight = record.weight.latest ?? .zero
        let total = try adjustedTotal(removing: oldWeight, adding: .zero)
        record.registered = false
        record.status.push(false, epoch: effective, sequence: ctx.sequence)
        if !oldWeight.isZero { record.weight.push(.zero, epoch: effective, sequence: ctx.sequence) }
        operators[op] = record
        totalOperators -= 1
        totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        let data = StateUpdatePayload.deregister(operator: op, weight: .zero, totalWeight: total)
        return StateUpdate(type: .deregister, data: data, sequence: ctx.sequence)
    }

    /// `updateOperatorSigningKey(key)`: D5 (a key is one operator's) and D6 (rotation by the epoch rule).
    mutating func updateSigningKey(_ key: Address, _ ctx: EventContext, effective: UInt32)
        throws(ProtocolError) -> StateUpdate
    {
        let op = ctx.sender
        guard var record = operators[op], record.registered else {
            throw .stakeRegistry(.operatorNotRegistered(op))
        }
        if let owner = signingKeyOperator[key], owner != op, !key.isZero {
            throw .stakeRegistry(.signingKeyAlreadySet(key: key, owner: owner))
        }
        if record.signingKey.latest != key {
            record.signingKey.push(key, epoch: effective, sequence: ctx.sequence)
            operators[op] = record
        }
        if !key.isZero { signingKeyOperator[key] = op }
        let data = StateUpdatePayload.key(operator: op, key: key)
        return StateUpdate(type: .updateSigningKey, data: data, sequence: ctx.sequence)
    }

    /// `updateOperatorP2pKey(key)` (D9).
    mutating func updateP2pKey(_ key: Address, _ ctx: EventContext, effective: UInt32)
        throws(ProtocolError) -> StateUpdate
    {
        let op = ctx.sender
        guard var record = operators[op], record.registered else {
            throw .stakeRegistry(.operatorNotRegistered(op))
        }
        if record.p2pKey.latest != key {
            record.p2pKey.push(key, epoch: effective, sequence: ctx.sequence)
            operators[op] = record
        }
        return StateUpdate(
            type: .updateP2pKey, data: StateUpdatePayload.key(operator: op, key: key),
            sequence: ctx.sequence)
    }

    /// `updateStakeThreshold(weight)` (the owner check is the caller's).
    mutating func updateStakeThreshold(_ value: UInt256, _ ctx: EventContext, effective: UInt32)
        -> StateUpdate
    {
        threshold.push(value, epoch: effective, sequence: ctx.sequence)
        return StateUpdate(
            type: .updateThreshold, data: StateUpdatePayload.threshold(value),
            sequence: ctx.sequence)
    }

    /// `updateOperatorsForQuorum`'s rules: one quorum list, within bounds, naming every operator.
    func checkOperatorsForQuorum(_ perQuorum: [[Address]]) throws(ProtocolError) -> [Address] {
        guard let first = perQuorum.first else { throw .stakeRegistry(.invalidLength) }
        guard perQuorum.count <= Limits.maxQuorumLists else {
            throw .ledger(
                .tooManyItems(
                    field: "operatorsPerQuorum", count: perQuorum.count,
                    limit: Limits.maxQuorumLists))
        }
        guard first.count == totalOperators else {
            throw .stakeRegistry(
                .mustUpdateAllOperators(expected: totalOperators, got: first.count))
        }
        return first
    }

    /// `updateOperators`, `updateOperatorsForQuorum`, `updateQuorumConfig` and `updateMinimumWeight`:
    /// refresh the listed operators' weights (in list order, duplicates allowed), write the total,
    /// and return the update with the resulting weights.
    mutating func refresh(
        _ ops: [Address], type: MessageType, _ delegation: DelegationManager, _ ctx: EventContext,
        effective: UInt32, newQuorum: Quorum? = nil,
        newMinimum: UInt256? = nil
    ) throws(ProtocolError) -> StateUpdate {
        guard ops.count <= Limits.maxOperatorsPerEvent else {
            throw .ledger(
                .tooManyItems(
                    field: "operators", count: ops.count, limit: Limits.maxOperatorsPerEvent))
        }
        let quorum = newQuorum ?? self.quorum
        let minimum = newMinimum ?? minimumWeight
        var latest: [Address: UInt256] = [:]
        var weights = [UInt256]()
        weights.reserveCapacity(ops.count)
        var total = totalWeight.latest ?? .zero
        for op in ops {
            let old = latest[op] ?? latestWeight(of: op)
            let new =
                isRegistered(op)
                ? try Self.weight(of: op, quorum: quorum, minimum: minimum, delegation: delegation)
                : .zero
            if new != old {
                total = try Self.adjust(total, removing: old, adding: new)
                latest[op] = new
            }
            weights.append(new)
        }
        self.quorum = quorum
        minimumWeight = minimum
        for (op, weight) in latest {  // each write touches only its own operator's history
            operators[op, default: OperatorRecord()].weight.push(
                weight, epoch: effective, sequence: ctx.sequence)
        }
        totalWeight.push(total, epoch: effective, sequence: ctx.sequence)
        return StateUpdate(
            type: type, data: refreshPayload(type, ops, weights, total, effective, ctx.sequence),
            sequence: ctx.sequence)
    }

    /// Records the quorum or minimum a refresh changed, and encodes its update.
    private mutating func refreshPayload(
        _ type: MessageType, _ ops: [Address], _ weights: [UInt256],
        _ total: UInt256, _ effective: UInt32, _ sequence: UInt64
    ) -> [UInt8] {
        switch type {
        case .updateQuorum:
            quorumHistory.push(quorum, epoch: effective, sequence: sequence)
            return StateUpdatePayload.quorum(
                quorum, operators: ops, weights: weights, totalWeight: total)
        case .updateMinWeight:
            minimumWeightHistory.push(minimumWeight, epoch: effective, sequence: sequence)
            return StateUpdatePayload.minimumWeight(
                minimumWeight, operators: ops, weights: weights, totalWeight: total)
        default:
            return StateUpdatePayload.operators(ops, weights: weights, totalWeight: total)
        }
    }
}

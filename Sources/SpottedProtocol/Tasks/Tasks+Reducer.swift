import Ethereum

/// Creating tasks, accepting signed responses, retiring expired tasks.
extension Tasks {
    /// The task generator asks for a slot's value; the task id is the slot's.
    mutating func create(
        _ slot: StateSlot, _ ctx: EventContext, _ genesis: LedgerGenesis,
        operatorCount: Int
    ) throws(ProtocolError) {
        guard slot.timestamp < StateClaim.timestampLimit else {
            throw .ledger(.invalidPayload("task timestamp \(slot.timestamp) does not fit uint48"))
        }
        let id = slot.claim(.zero).taskId
        guard tasks[id] == nil else { throw .tasks(.taskAlreadyExists(id)) }
        var task = TaskRecord(
            slot: slot, createdSequence: ctx.sequence,
            expiresAtBlock: ctx.blockNumber &+ genesis.challengeWindowBlocks)
        // most operators answer: no rehashing as they do
        task.responses.reserveCapacity(operatorCount)
        tasks[id] = task
    }

    /// An operator's signed answer, checked against its signing key in force in `epoch`.
    /// `responder` is the registry's answer for the sender at `epoch` (``StakeRegistry/responder(_:at:)``),
    /// looked up by the caller so that the registry is not copied into this call.
    mutating func respond(
        taskId: Word, value: UInt256, signature: [UInt8], _ ctx: EventContext,
        responder: (registered: Bool, signingKey: Address), epoch: UInt32, domainSeparator: Word
    ) throws(ProtocolError) {
        let op = ctx.sender
        // Read and written through the index: the task is borrowed, never copied, and the new
        // response is inserted in place.
        guard let index = tasks.index(forKey: taskId) else { throw .tasks(.taskNotFound(taskId)) }
        let (expiresAtBlock, answered) = tasks.values[index].window(for: op)
        guard ctx.blockNumber <= expiresAtBlock else {
            throw .tasks(.taskExpired(taskId, expiredAtBlock: expiresAtBlock))
        }
        let (registered, key) = responder
        guard registered else { throw .stakeRegistry(.operatorNotRegistered(op)) }
        guard !answered else { throw .tasks(.alreadyResponded(taskId: taskId, operator: op)) }
        guard !key.isZero else {
            throw .stakeRegistry(
                .invalidSignature("operator \(op) has no signing key in epoch \(epoch)"))
        }
        // The length is the first thing signature recovery checks; the same refusal without it.
        let stored: Signature
        do { stored = try Signature(bytes: signature) } catch {
            throw .stakeRegistry(.invalidSignature("response: \(error.name)"))
        }
        if ctx.signatureChecks.checksSignatures {
            try Self.responseClaim(
                tasks.values[index].slot, value: value, signature: signature, ctx, signer: key,
                domainSeparator: domainSeparator
            ).check(ctx.signatureChecks)
        }
        tasks.values[index].responses[op] = TaskRecord.Response(
            value: value, signature: stored, signingKey: key,
            epoch: epoch, sequence: ctx.sequence)
        acceptedResponses[EpochOperator(epoch: epoch, operator: op), default: 0] += 1
    }

    /// The response's claim: `signer` (the operator's key in force) signs the `State` digest.
    static func responseClaim(
        _ slot: StateSlot, value: UInt256, signature: [UInt8], _ ctx: EventContext,
        signer: Address, domainSeparator: Word
    ) -> SignatureClaim {
        SignatureClaim(
            kind: .response, sequence: ctx.sequence, operator: ctx.sender,
            digest: SignedMessage.responseDigest(
                slot, value: value, resolverDomainSeparator: domainSeparator),
            signature: signature, signer: signer)
    }

    /// Drops the tasks whose response window closed before `block`, so the state stays bounded
    /// however long the log grows; their responses remain in the log.
    mutating func retire(expiredBefore block: UInt64) {
        // In place: the surviving tasks are not copied into a new table.
        let expired = tasks.compactMap { $0.value.expiresAtBlock < block ? $0.key : nil }
        for id in expired { tasks.removeValue(forKey: id) }
    }

    /// Forgets the response counts of a rewarded epoch (its scores are in the rewards record).
    mutating func forgetResponses(of epoch: UInt32) {
        acceptedResponses = acceptedResponses.filter { $0.key.epoch != epoch }
    }
}

import Ethereum

/// StateManager on every chain (spec §11): append-only histories and their queries, with the
/// contract's edge cases (including `_bs` returning 0 both for "entry 0" and "none").
extension LedgerState {
    mutating func setValues(_ items: [KeyValue], _ ctx: EventContext) throws(ProtocolError) {
        guard items.count <= ProtocolLimits.maxBatchSetValues else { throw .batchTooLarge(count: items.count) }
        for item in items {
            histories[HistoryKey(chainId: ctx.chainId, user: ctx.sender, key: item.key), default: []]
                .append(History(value: item.value, blockNumber: ctx.blockNumber, timestamp: ctx.timestamp, sequence: ctx.sequence))
        }
    }

    func history(_ key: HistoryKey) throws(ProtocolError) -> [History] {
        guard let h = histories[key], !h.isEmpty else { throw .noHistoryFound }
        return h
    }

    /// `_bs`: the index of the last entry with blockNumber ≤ `block`, or 0 when there is none.
    static func lastAtOrBefore(_ h: [History], _ block: UInt64) -> Int {
        var low = 0, high = h.count
        while low < high {
            let mid = (low + high) / 2
            if h[mid].blockNumber <= block { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }

    /// `getHistoryAtBlock`: the latest write at or before `block`.
    public func historyAtBlock(_ key: HistoryKey, block: UInt64) throws(ProtocolError) -> History {
        let h = try history(key)
        let i = Self.lastAtOrBefore(h, block)
        guard h[i].blockNumber <= block else { throw .blockNotFound(block: block) }
        return h[i]
    }

    /// `getHistoryBetweenBlockNumbers(from, to)`.
    public func historyBetween(_ key: HistoryKey, from: UInt64, to: UInt64) throws(ProtocolError) -> [History] {
        guard from < to else { throw .invalidBlockRange(from: from, to: to) }
        let h = try history(key)
        var start = Self.lastAtOrBefore(h, from)
        if h[start].blockNumber < from && start < h.count - 1 { start += 1 }
        let end = Self.lastAtOrBefore(h, to)
        guard start <= end, h[start].blockNumber < to, h[end].blockNumber >= from else { throw .noHistoryFound }
        return Array(h[start...end])
    }

    /// `getHistoryBeforeOrAtBlockNumber(b)` (as coded: a range holding only entry 0 is reported empty).
    public func historyBeforeOrAt(_ key: HistoryKey, block: UInt64) throws(ProtocolError) -> [History] {
        let h = try history(key)
        let end = Self.lastAtOrBefore(h, block)
        guard end > 0 else { throw .noHistoryFound }
        return Array(h[0...end])
    }

    /// `getHistoryAfterOrAtBlockNumber(b)` (as coded: strictly after the last entry at or before `b`).
    public func historyAfterOrAt(_ key: HistoryKey, block: UInt64) throws(ProtocolError) -> [History] {
        let h = try history(key)
        let i = Self.lastAtOrBefore(h, block)
        guard i < h.count - 1 else { throw .noHistoryFound }
        return Array(h[(i + 1)...])
    }

    public func historyCount(_ key: HistoryKey) -> Int { histories[key]?.count ?? 0 }

    public func historyAt(_ key: HistoryKey, index: Int) throws(ProtocolError) -> History {
        let h = histories[key] ?? []
        guard index >= 0, index < h.count else { throw .indexOutOfBounds(index: index, count: h.count) }
        return h[index]
    }
}

/// Tasks and signed responses.
extension LedgerState {
    mutating func createTask(_ slot: StateSlot, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard slot.timestamp < StateClaim.timestampLimit else { throw .invalidPayload("task timestamp \(slot.timestamp) does not fit uint48") }
        let id = slot.claim(.zero).taskId
        guard tasks[id] == nil else { throw .taskAlreadyExists(id) }
        var task = TaskRecord(slot: slot, createdSequence: ctx.sequence, expiresAtBlock: ctx.blockNumber &+ genesis.challengeWindowBlocks)
        task.responses.reserveCapacity(registry.operators.count)  // most operators answer: no rehashing as they do
        tasks[id] = task
    }

    mutating func respond(taskId: Word, value: UInt256, signature: [UInt8], _ ctx: EventContext) throws(ProtocolError) {
        let op = ctx.sender
        // Read and written through the index: the task is borrowed, never copied, and the new
        // response is inserted in place.
        guard let index = tasks.index(forKey: taskId) else { throw .taskNotFound(taskId) }
        let (expiresAtBlock, answered) = tasks.values[index].window(for: op)
        guard ctx.blockNumber <= expiresAtBlock else { throw .taskExpired(taskId, expiredAtBlock: expiresAtBlock) }
        let (registered, key) = registry.responder(op, at: currentEpoch)
        guard registered else { throw .operatorNotRegistered(op) }
        guard !answered else { throw .alreadyResponded(taskId: taskId, operator: op) }
        guard !key.isZero else { throw .invalidSignature("operator \(op) has no signing key in epoch \(currentEpoch)") }
        // The length is the first thing signature recovery checks; the same refusal without it.
        let stored: Signature
        do { stored = try Signature(bytes: signature) } catch { throw .invalidSignature("response: \(error.name)") }
        if ctx.signatureChecks == .verify { try responseClaim(tasks.values[index].slot, value: value, signature: signature, ctx).check() }
        tasks.values[index].responses[op] = TaskRecord.Response(value: value, signature: stored, signingKey: key, epoch: currentEpoch, sequence: ctx.sequence)
        acceptedResponses[EpochOperator(epoch: currentEpoch, operator: op), default: 0] += 1
    }

    /// Drops the tasks whose response window closed before `block`, so the state stays bounded
    /// however long the log grows; their responses remain in the log.
    mutating func retireTasks(expiredBefore block: UInt64) {
        // In place: the surviving tasks are not copied into a new table.
        let expired = tasks.compactMap { $0.value.expiresAtBlock < block ? $0.key : nil }
        for id in expired { tasks.removeValue(forKey: id) }
    }

    /// The aggregated proof for a task's `value`: every response with that value, sorted by
    /// operator, as `abi.encode(address[], bytes[], uint32 referenceEpoch)`.
    public func proof(taskId: Word, value: UInt256, referenceEpoch: UInt32) -> SignatureBundle? {
        guard let task = tasks[taskId] else { return nil }
        let pairs = task.responses.filter { $0.value.value == value }.map { (operator: $0.key, signature: $0.value.signature.bytes) }
        return pairs.isEmpty ? nil : SignatureBundle(sorting: pairs, referenceEpoch: referenceEpoch)
    }
}

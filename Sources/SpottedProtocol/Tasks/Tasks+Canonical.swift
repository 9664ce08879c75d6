import Ethereum

extension StateSlot {
    /// Canonical bytes: user, chain, block, timestamp, key.
    func encode(into e: inout CanonicalEncoder) {
        e.address(user)
        e.u32(chainId)
        e.u64(blockNumber)
        e.u64(timestamp)
        e.uint(key)
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        self.init(
            user: try d.address(), chainId: try d.u32(), blockNumber: try d.u64(),
            timestamp: try d.u64(),
            key: try d.uint())
    }
}

extension Tasks {
    /// Canonical bytes: tasks by id with their responses by operator, then accepted responses.
    func encode(into e: inout CanonicalEncoder) {
        e.map(tasks) { e, id, task in
            e.word(id)
            task.slot.encode(into: &e)
            e.u64(task.createdSequence)
            e.u64(task.expiresAtBlock)
            e.map(task.responses) { e, op, r in
                e.address(op)
                e.uint(r.value)
                e.signature(r.signature)
                e.address(r.signingKey)
                e.u32(r.epoch)
                e.u64(r.sequence)
            }
        }
        e.map(acceptedResponses) { e, key, count in
            e.u32(key.epoch)
            e.address(key.operator)
            e.u64(count)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        tasks = try d.map { (d) throws(CanonicalDecoder.Error) in
            let id = try d.word()
            let slot = try StateSlot(decoding: &d)
            let created = try d.u64()
            var task = TaskRecord(slot: slot, createdSequence: created, expiresAtBlock: try d.u64())
            task.responses = try d.map { (d) throws(CanonicalDecoder.Error) in
                let op = try d.address()
                return (
                    op,
                    TaskRecord.Response(
                        value: try d.uint(), signature: try d.signature(),
                        signingKey: try d.address(), epoch: try d.u32(), sequence: try d.u64())
                )
            }
            return (id, task)
        }
        acceptedResponses = try d.map { (d) throws(CanonicalDecoder.Error) in
            (EpochOperator(epoch: try d.u32(), operator: try d.address()), try d.u64())
        }
    }
}

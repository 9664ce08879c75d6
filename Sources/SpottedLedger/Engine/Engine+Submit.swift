import EventLog
import SpottedProtocol

extension Engine {
    /// Submits one action: reduce, then append durably. Returns the stored envelope.
    @discardableResult
    public func submit(_ action: Action) throws(EngineError) -> Envelope {
        let stored = try submit([action])
        return stored[0]
    }

    /// Submits actions all or nothing: if any is refused, none is appended and the state is unchanged.
    ///
    /// Actions are reduced in place (a refused action changes nothing, by the reducers' contract), so
    /// a submission costs only its own work. If a later action of a batch is refused, or the append
    /// fails, the state is rebuilt from the log, which still ends before this submission. When that
    /// rebuild fails too, the engine halts: this and every later submission throw
    /// ``EngineError/mustReopen(original:rebuild:)`` until the ledger is opened again.
    @discardableResult
    public func submit(_ actions: [Action]) throws(EngineError) -> [Envelope] {
        if let halted { throw halted }
        guard !actions.isEmpty else { return [] }
        try refuseDuplicates(actions)
        let first = log.head.sequence + 1
        var records = [EventRecord]()
        records.reserveCapacity(actions.count)
        for (i, action) in actions.enumerated() {
            let context = EventContext(
                sequence: first + UInt64(i), chainId: action.chainId,
                blockNumber: action.blockNumber,
                timestamp: action.timestamp, sender: action.sender)
            do throws(Refusal) {
                try state.reduce(action.event, context)
            } catch {
                guard i > 0 else { throw .refused(index: i, error) }
                throw rebuild(after: .refused(index: i, error))
            }
            let (kind, payload) = EventCodec.encode(action.event)
            records.append(
                EventRecord(
                    chainId: action.chainId, blockNumber: action.blockNumber,
                    timestamp: action.timestamp,
                    sender: action.sender, kind: kind, schemaVersion: EventCodec.schemaVersion,
                    payload: payload))
        }
        let stored: [Envelope]
        do throws(EventLogError) {
            stored = try log.append(records, archive: takeArchiveEntries())
        } catch {
            // The batch may or may not be in the log (an acknowledgement can be lost): rebuild from it.
            latestBlockActions = nil
            throw rebuild(after: .log(error))
        }
        remember(actions, stored)
        // An epoch transition ending the submission marks an epoch boundary: snapshot the state there.
        if case .epochTransition = actions[actions.count - 1].event, let last = stored.last,
            snapshotDue(at: last.sequence)
        {
            try writeSnapshot(at: last.sequence)
        }
        return stored
    }

    /// Rebuilds the state from the log after `original` failed a submission, and returns the error
    /// to throw: `original`, or, when the rebuild fails too, the halt it causes.
    func rebuild(after original: EngineError) -> EngineError {
        do throws(EngineError) {
            state = try Self.state(at: log.head.sequence, in: log)
            return original
        } catch {
            let halt = EngineError.mustReopen(original: original, rebuild: error)
            halted = halt
            return halt
        }
    }

    /// Refuses an action that repeats one logged at its chain's latest block, or one earlier in the batch.
    func refuseDuplicates(_ actions: [Action]) throws(EngineError) {
        if latestBlockActions == nil { latestBlockActions = try loadLatestBlockActions() }
        var seen = [Action: Int]()
        for (i, action) in actions.enumerated() {
            if let latest = latestBlockActions?[action.chainId], latest.block == action.blockNumber,
                let sequence = latest.actions[action]
            {
                throw .duplicate(index: i, sequence: sequence)
            }
            if let earlier = seen.updateValue(i, forKey: action) {
                throw .duplicate(index: i, sequence: log.head.sequence + 1 + UInt64(earlier))
            }
        }
    }

    /// Records the actions just logged at their chains' latest blocks.
    func remember(_ actions: [Action], _ stored: [Envelope]) {
        for (action, envelope) in zip(actions, stored) {
            if latestBlockActions?[action.chainId]?.block != action.blockNumber {
                latestBlockActions?[action.chainId] = (action.blockNumber, [:])
            }
            latestBlockActions?[action.chainId]?.actions[action] = envelope.sequence
        }
    }

    /// Walks back from the head through every chain's latest block.
    func loadLatestBlockActions() throws(EngineError) -> [UInt64: (
        block: UInt64, actions: [Action: UInt64]
    )] {
        var found = [UInt64: (block: UInt64, actions: [Action: UInt64])]()
        var pending = Set(state.lastBlock.chainIds)
        guard log.head.sequence > 0, !pending.isEmpty else { return found }
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scanBackward(from: log.head.sequence) { (envelope) throws(EventLogError) in
                let r = envelope.record
                guard pending.contains(r.chainId), let latest = state.lastBlock[r.chainId] else {
                    return true
                }
                guard r.blockNumber == latest else {
                    pending.remove(r.chainId)
                    return !pending.isEmpty
                }
                do throws(EventCodec.DecodingError) {
                    let event = try EventCodec.decode(
                        kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                    let action = Action(
                        event, chainId: r.chainId, blockNumber: r.blockNumber,
                        timestamp: r.timestamp, sender: r.sender)
                    found[r.chainId, default: (latest, [:])].actions[action] = envelope.sequence
                } catch {
                    failure = .corrupt(sequence: envelope.sequence, reason: error.description)
                    return false
                }
                return true
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
        return found
    }
}

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
        var group = PendingGroup()
        for (i, action) in actions.enumerated() {
            do throws(EngineError) {
                try stage(action, into: &group)
            } catch {
                let indexed = error.at(index: i)
                guard i > 0 else { throw indexed }
                throw rebuild(after: indexed)
            }
        }
        return try commit(&group)
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

    /// Records the actions just logged at their chains' latest blocks.
    func remember(_ actions: [ActionIdentity], _ stored: [Envelope]) {
        for (action, envelope) in zip(actions, stored) {
            let chainId = action.record.chainId
            if latestBlockActions?[chainId]?.block != action.record.blockNumber {
                latestBlockActions?[chainId] = (action.record.blockNumber, [:])
            }
            latestBlockActions?[chainId]?.actions[action] = envelope.sequence
        }
    }

    /// Walks back from the head through every chain's latest block.
    func loadLatestBlockActions() throws(EngineError) -> [UInt64: (
        block: UInt64, actions: [ActionIdentity: UInt64]
    )] {
        var found = [UInt64: (block: UInt64, actions: [ActionIdentity: UInt64])]()
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
                    // Re-encoded as submissions are: an entry of an older schema still matches.
                    let event = try EventCodec.decode(
                        kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                    let (kind, payload) = EventCodec.encode(event)
                    var current = r
                    current.kind = kind
                    current.schemaVersion = EventCodec.schemaVersion
                    current.payload = payload
                    found[r.chainId, default: (latest, [:])].actions[ActionIdentity(current)] =
                        envelope.sequence
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

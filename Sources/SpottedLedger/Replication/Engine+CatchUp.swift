import Ethereum
import EventLog
import SpottedProtocol

/// The follower's side of replication: entries read from the stream after the local head are
/// checked (sequence, hash link to the local head, hash of their content, canonical payload),
/// reduced as replay reduces them, and appended locally with the same envelopes; a snapshot is
/// written at an epoch transition where the engine's snapshot policy says so.
///
/// What is checked: every entry's sequence equals its stream sequence, its previous hash is the
/// local head's hash (the first) or the entry before's, its hash is the Keccak of its content,
/// its payload decodes and is the encoding this build writes, and the reducers accept it
/// (signatures recovered on every core while one thread reduces). The stream carries no state roots (only envelopes): a follower
/// computes its own at the epoch transitions and stores them in its snapshots, which `verify` and
/// replay then check; equal chains give equal roots (the reducers are pure).
extension Engine {
    /// Reads `replicated` (the followed stream) from the local head + 1 in batches of
    /// `batchLimit` and applies them, until a read returns nothing (waiting at most
    /// `timeoutMilliseconds` each) or `maxEntries` are applied. Returns the entries applied.
    /// An empty read checks the stream is not below the acknowledged mark.
    @discardableResult
    public func catchUp(
        batchLimit: Int = maxReplicatedGroupEntries, timeoutMilliseconds: Int = 0,
        maxEntries: UInt64 = .max
    ) throws(EngineError) -> UInt64 {
        guard let replicated else {
            throw .replication(.failed(code: nil, description: "no replicated log to follow"))
        }
        var applied: UInt64 = 0
        while applied < maxEntries {
            let limit = Int(min(UInt64(max(1, batchLimit)), maxEntries - applied))
            let batch = try read(
                replicated, from: log.head.sequence + 1, limit: limit,
                timeoutMilliseconds: timeoutMilliseconds)
            if batch.isEmpty {
                try checkStreamNotBehind(replicated)
                break
            }
            try applyReplicated(batch)
            applied += UInt64(batch.count)
        }
        return applied
    }

    /// Applies entries read from the stream, which must start right after the local head: each
    /// run ending at an epoch transition is checked, reduced (its signatures recovered on every
    /// core while one thread reduces) and appended in one write, then snapshotted when due. A bad
    /// entry throws ``EngineError/replication(_:)`` (``ReplicationError/divergent(sequence:reason:)``
    /// naming its sequence) after the entries before it in its run were reduced, so the first bad
    /// one is named; the state is then rebuilt from the local log, which holds every run before it.
    public func applyReplicated(_ envelopes: [Envelope]) throws(EngineError) {
        if let halted { throw halted }
        guard let first = envelopes.first else { return }
        try Self.checkFollows(first, head: log.head)
        latestBlockActions = nil
        // The links after the first and every hash checked once for the whole read (one encoding,
        // one Keccak pass per entry); the local append writes these bytes without hashing them
        // again.
        let (checked, hashFailure) = PreparedEntries.checkedPrefix(of: envelopes)
        let firstBad = hashFailure.map { failure in
            (
                failure.index,
                Self.divergent(envelopes[failure.index], Self.divergenceReason(failure.error))
            )
        }
        var start = 0
        while start < envelopes.count {
            var end = start
            var endsEpoch = false
            do throws(EngineError) {
                (end, endsEpoch) = try reduceReplicated(envelopes, from: start, firstBad: firstBad)
                let run = checked.slice(start..<end)
                do throws(EventLogError) {
                    try log.append(
                        prepared: run, archive: takeArchiveEntries(),
                        acknowledgedSequence: envelopes[end - 1].sequence)
                } catch {
                    throw .log(error)
                }
            } catch {
                throw rebuild(after: error)
            }
            let last = envelopes[end - 1].sequence
            if endsEpoch, snapshotDue(at: last) { try writeSnapshot(at: last) }
            start = end
        }
    }

    /// Why a stream entry failed ``PreparedEntries/checkedPrefix(of:)``, in the follower's words.
    static func divergenceReason(_ error: EventLogError) -> String {
        switch error {
        case .hashMismatch: "its hash is not the hash of its content (tampered)"
        case .gap(let expected, _): "expected sequence \(expected)"
        case .previousHashMismatch: "its previous hash is not the hash of the entry before"
        default: "\(error)"
        }
    }

    /// Decodes and reduces `envelopes` from `start` through the first epoch transition (or the
    /// end): each entry's payload checked, the run's signatures recovered on every core while
    /// this thread reduces in order. Returns the index after the last one reduced, and whether it
    /// was an epoch transition. `firstBad` (position, error), from the link and hash check, is
    /// thrown once the entries before it are reduced.
    func reduceReplicated(
        _ envelopes: [Envelope], from start: Int, firstBad: (Int, EngineError)?
    ) throws(EngineError) -> (Int, Bool) {
        var actions: [Action] = []
        var failure: EngineError?
        var end = start
        while end < envelopes.count {
            if let firstBad, firstBad.0 == end {
                failure = firstBad.1
                break
            }
            let entry = envelopes[end]
            let event: ProtocolEvent
            do throws(EngineError) { event = try Self.decodedEvent(entry) } catch {
                failure = error
                break
            }
            let r = entry.record
            actions.append(
                Action(
                    event, chainId: r.chainId, blockNumber: r.blockNumber, timestamp: r.timestamp,
                    sender: r.sender))
            end += 1
            if case .epochTransition = event { break }
        }
        let messages = SignatureRecovery.signedMessages(
            actions, genesis: state.genesis,
            resolverDomainSeparator: state.resolverDomainSeparator,
            taskSlot: { id in self.state.tasks.tasks[id]?.slot })
        SignatureRecovery.pipeline(messages, threads: Ingestor.Options().recoveryThreads) {
            i, checks in
            let entry = envelopes[start + i]
            let r = entry.record
            let context = EventContext(
                sequence: entry.sequence, chainId: r.chainId, blockNumber: r.blockNumber,
                timestamp: r.timestamp, sender: r.sender, signatureChecks: checks)
            // Archive records the event finalizes stay pending for takeArchiveEntries().
            do throws(Refusal) { try state.reduce(actions[i].event, context) } catch {
                failure = .replication(
                    .divergent(
                        sequence: entry.sequence, reason: "the reducers refuse it: \(error.error)"))
                return false
            }
            return true
        }
        if let failure { throw failure }
        if case .epochTransition? = actions.last?.event { return (end, true) }
        return (end, false)
    }

    /// Refuses a read whose first entry does not follow the local `head` (sequence, hash link);
    /// the entries after it are checked against each other by ``PreparedEntries/checkedPrefix(of:)``.
    static func checkFollows(_ entry: Envelope, head: (sequence: UInt64, hash: Word))
        throws(EngineError)
    {
        guard entry.sequence == head.sequence + 1 else {
            throw divergent(entry, "expected sequence \(head.sequence + 1)")
        }
        guard entry.previousHash == head.hash else {
            throw divergent(entry, "previous hash \(entry.previousHash) ≠ local hash \(head.hash)")
        }
    }

    /// A stream entry's divergence for `reason`.
    static func divergent(_ entry: Envelope, _ reason: String) -> EngineError {
        .replication(.divergent(sequence: entry.sequence, reason: reason))
    }

    /// The event of a stream entry, after checking its payload is the encoding this build writes
    /// (its link and hash: ``checkFollows(_:head:)``, ``PreparedEntries/checkedPrefix(of:)``).
    static func decodedEvent(_ entry: Envelope) throws(EngineError) -> ProtocolEvent {
        let r = entry.record
        let event: ProtocolEvent
        do {
            event = try EventCodec.decode(
                kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
        } catch {
            throw divergent(entry, "payload does not decode: \(error)")
        }
        guard r.schemaVersion == EventCodec.schemaVersion,
            EventCodec.encode(event) == (r.kind, r.payload)
        else {
            throw divergent(entry, "payload is not the encoding this build writes")
        }
        return event
    }
}

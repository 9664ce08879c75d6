import Ethereum
import EventLog
import SpottedProtocol

/// The replicated commit of one group (docs/scale-out.md, "Commit protocol"):
///
/// 1. prepare the group's entries from the local head (``EventLog/prepare(_:after:)``: the bytes
///    the local append writes, each encoded and hashed once);
/// 2. publish them as one atomic group fenced on `expectedLastSequence = head`;
/// 3. only after the acknowledgement, append them locally with the acknowledged sequence
///    (``EventLog/append(prepared:archive:acknowledgedSequence:)``); the caller answers clients
///    after that.
///
/// A fenced publish makes the engine a follower (``EngineError/notWriter(_:)``); an unavailable
/// cluster is reconciled by reading the stream back; in every failure the state is rebuilt from
/// the local log, as for a failed local write.
extension Engine {
    /// Commits `group` through `replicated` and returns its stored envelopes.
    func commitReplicated(_ group: PendingGroup, to replicated: any ReplicatedLog)
        throws(EngineError) -> [Envelope]
    {
        guard group.count <= Self.maxReplicatedGroupEntries else {
            latestBlockActions = nil
            throw rebuild(
                after: .log(.batchTooLarge(events: group.count, bytes: group.payloadBytes)))
        }
        let head = log.head
        let prepared = EventLog.prepare(group.records, after: head)
        let archive = takeArchiveEntries()
        do throws(ReplicationError) {
            try replicated.publish(prepared, expectedLastSequence: head.sequence)
        } catch {
            return try settle(error, group, prepared, archive, replicated)
        }
        try appendAcknowledged(group, prepared, archive)
        return prepared.envelopes
    }

    /// Appends an acknowledged group locally. When that fails the stream holds a group the local
    /// log lacks: the state is rebuilt from the local log and the group applied once more as a
    /// follower applies it (a transient failure: committed after all); when that fails too, the
    /// error is thrown and writing stops until ``promote()`` (which catches up first).
    func appendAcknowledged(
        _ group: PendingGroup, _ prepared: PreparedEntries, _ archive: [EventLog.ArchiveEntry]
    ) throws(EngineError) {
        let envelopes = prepared.envelopes
        do throws(EventLogError) {
            try log.append(
                prepared: prepared, archive: archive,
                transactions: group.actions.map(\.rawTransaction),
                acknowledgedSequence: envelopes[envelopes.count - 1].sequence)
        } catch {
            latestBlockActions = nil
            let failure = rebuild(after: .log(error))
            if halted == nil, (try? applyReplicated(envelopes)) != nil { return }
            writeRefusal = failure
            throw failure
        }
        try committed(group, envelopes)
    }

    /// Answers a failed publish of `envelopes`: fenced → follower; unavailable → reconcile;
    /// anything else → the group failed. Returns the envelopes only when the stream holds them.
    func settle(
        _ error: ReplicationError, _ group: PendingGroup, _ prepared: PreparedEntries,
        _ archive: [EventLog.ArchiveEntry], _ replicated: any ReplicatedLog
    ) throws(EngineError) -> [Envelope] {
        switch error {
        case .fenced:
            writeRefusal = .notWriter(error)
            latestBlockActions = nil
            throw rebuild(after: .notWriter(error))
        case .unavailable:
            return try reconcile(after: error, group, prepared, archive, replicated)
        default:
            latestBlockActions = nil
            throw rebuild(after: .replication(error))
        }
    }

    /// After an unanswered publish, reads the stream from the group's first sequence: the group
    /// there whole → appended locally, success; nothing there → the group failed; the stream
    /// unreadable → the group's fate is unknown and writing stops until ``promote()``; anything
    /// else → divergent, and the engine halts.
    func reconcile(
        after original: ReplicationError, _ group: PendingGroup, _ prepared: PreparedEntries,
        _ archive: [EventLog.ArchiveEntry], _ replicated: any ReplicatedLog
    ) throws(EngineError) -> [Envelope] {
        let envelopes = prepared.envelopes
        latestBlockActions = nil
        let first = envelopes[0].sequence
        let found: [Envelope]
        do throws(EngineError) {
            found = try read(replicated, from: first, limit: envelopes.count + 1)
        } catch {
            writeRefusal = error
            throw rebuild(after: .replication(original))
        }
        if found.isEmpty {
            do throws(EngineError) { try checkStreamNotBehind(replicated) } catch {
                throw rebuild(after: error)
            }
            throw rebuild(after: .replication(original))
        }
        let held = zip(found, envelopes).prefix { $0.hash == $1.hash }.count
        guard held == envelopes.count else {
            let divergence = EngineError.replication(
                .divergent(
                    sequence: first + UInt64(held),
                    reason: held < found.count
                        ? "after an unanswered publish the stream holds another entry there"
                        : "the stream holds only part of an atomic group"))
            _ = rebuild(after: divergence)
            halted = divergence
            throw divergence
        }
        try appendAcknowledged(group, prepared, archive)
        if found.count > envelopes.count {
            // Another writer appended after this group: it is committed, but the fence is lost.
            writeRefusal = .notWriter(
                .fenced(
                    expectedLastSequence: log.head.sequence,
                    streamLastSequence: found[found.count - 1].sequence))
        }
        return envelopes
    }
}

extension ReplicationError {
    /// The stream sequence the error names, if any.
    public var sequence: UInt64? {
        switch self {
        case .divergent(let sequence, _): sequence
        case .streamBehind(_, let acknowledged): acknowledged
        case .fenced, .unavailable, .failed: nil
        }
    }
}

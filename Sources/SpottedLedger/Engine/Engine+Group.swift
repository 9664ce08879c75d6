import EventLog
import SpottedProtocol

/// Actions reduced into the state and not yet in the log: one commit group.
struct PendingGroup {
    /// Each action's identity — the record to append — in order.
    var identities: [ActionIdentity] = []
    /// The actions they came from.
    var actions: [Action] = []
    /// Each action of the group with its sequence: a repeat within the group is a duplicate.
    var sequences: [ActionIdentity: UInt64] = [:]
    /// Payload bytes the records hold.
    var payloadBytes = 0

    /// Actions staged.
    var count: Int { identities.count }
    /// Whether nothing is staged.
    var isEmpty: Bool { identities.isEmpty }
    /// The records to append, in order.
    var records: [EventRecord] { identities.map(\.record) }
}

extension Engine {
    /// Reduces `action` as the next entry after the log head and `group`, and stages its record:
    /// the state moves on, the log not yet. A refused action (typed error) changes nothing.
    /// `checks` may carry its signature already recovered.
    func stage(
        _ action: Action, checks: SignatureChecks = .verify, into group: inout PendingGroup
    ) throws(EngineError) {
        if let halted { throw halted }
        if let writeRefusal { try resettle(writeRefusal, group: group) }
        let sequence = log.head.sequence + 1 + UInt64(group.count)
        let (kind, payload) = EventCodec.encode(action.event)
        let identity = ActionIdentity(
            EventRecord(
                chainId: action.chainId, blockNumber: action.blockNumber,
                timestamp: action.timestamp, sender: action.sender, kind: kind,
                schemaVersion: EventCodec.schemaVersion, payload: payload))
        try refuseDuplicate(identity, in: group)
        let context = EventContext(
            sequence: sequence, chainId: action.chainId, blockNumber: action.blockNumber,
            timestamp: action.timestamp, sender: action.sender, signatureChecks: checks)
        do throws(Refusal) {
            try state.reduce(action.event, context)
        } catch {
            throw .refused(index: 0, error)
        }
        group.identities.append(identity)
        group.actions.append(action)
        group.sequences[identity] = sequence
        group.payloadBytes += payload.count
    }

    /// Appends the staged group in one durable write, snapshots at a closing epoch transition,
    /// and empties the group. When the append fails, the state is rebuilt from the log (which may or
    /// may not hold the group: an acknowledgement can be lost) and the error is thrown.
    @discardableResult
    func commit(_ group: inout PendingGroup) throws(EngineError) -> [Envelope] {
        defer { group = PendingGroup() }
        guard !group.isEmpty else { return [] }
        if let replicated { return try commitReplicated(group, to: replicated) }
        let stored: [Envelope]
        do throws(EventLogError) {
            stored = try log.append(
                group.records, archive: takeArchiveEntries(),
                transactions: group.actions.map(\.rawTransaction))
        } catch {
            latestBlockActions = nil
            throw rebuild(after: .log(error))
        }
        try committed(group, stored)
        return stored
    }

    /// Records a group just logged as `stored`, and snapshots the state when the group ends with
    /// an epoch transition (an epoch boundary) and a snapshot is due there.
    func committed(_ group: PendingGroup, _ stored: [Envelope]) throws(EngineError) {
        remember(group.identities, stored)
        if case .epochTransition = group.actions[group.actions.count - 1].event,
            let last = stored.last, snapshotDue(at: last.sequence)
        {
            try writeSnapshot(at: last.sequence)
        }
    }

    /// Refuses an action that repeats one logged at its chain's latest block, or one staged in
    /// `group`.
    func refuseDuplicate(_ action: ActionIdentity, in group: PendingGroup) throws(EngineError) {
        if latestBlockActions == nil { latestBlockActions = try loadLatestBlockActions() }
        if let latest = latestBlockActions?[action.record.chainId],
            latest.block == action.record.blockNumber, let sequence = latest.actions[action]
        {
            throw .duplicate(index: 0, sequence: sequence)
        }
        if let sequence = group.sequences[action] {
            throw .duplicate(index: 0, sequence: sequence)
        }
    }
}

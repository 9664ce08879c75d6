import EventLog
import SpottedProtocol

/// A commit group whose log write runs on another thread while the reducing thread stages the
/// next one (the ingestor's write pipeline): everything the write needs, taken from the engine
/// on the reducing thread by ``Engine/detach(_:)``.
struct DetachedWrite: Sendable {
    /// The records to append, in order.
    let records: [EventRecord]
    /// The archive records the group finalized.
    let archive: [EventLog.ArchiveEntry]
    /// Each record's raw transaction, if it came as one.
    let transactions: [[UInt8]?]
}

extension Engine {
    /// Takes `group` off the engine for a write on another thread (``writeDetached(_:)``), or
    /// returns nil (leaving it staged) when it must be committed on this thread: a replicated
    /// engine, a group ending with an epoch transition (a snapshot may be due there), duplicate
    /// detection not loaded yet, or a write already in flight. Until ``finishDetached(_:)`` the
    /// group's actions count as logged: staging numbers after them and refuses their repeats.
    func detach(_ group: inout PendingGroup) -> DetachedWrite? {
        guard replicated == nil, detachedThrough == nil, latestBlockActions != nil,
            let last = group.actions.last
        else { return nil }
        if case .epochTransition = last.event { return nil }
        let first = log.head.sequence + 1
        let write = DetachedWrite(
            records: group.records, archive: takeArchiveEntries(),
            transactions: group.actions.map(\.rawTransaction))
        remember(group.actions, from: first)
        detachedThrough = first + UInt64(group.records.count) - 1
        group = PendingGroup()
        return write
    }

    /// The detached group's durable write (the log only: safe on any thread).
    func writeDetached(_ write: DetachedWrite) throws(EventLogError) -> [Envelope] {
        try log.append(write.records, archive: write.archive, transactions: write.transactions)
    }

    /// Back on the reducing thread once the detached write ended: nil when it succeeded; after a
    /// failure the state is rebuilt from the log — which drops every action staged since the
    /// detach as well — and the error to answer them all with is returned.
    func finishDetached(_ outcome: Result<[Envelope], EventLogError>) -> EngineError? {
        detachedThrough = nil
        guard case .failure(let error) = outcome else { return nil }
        latestBlockActions = nil
        return rebuild(after: .log(error))
    }
}

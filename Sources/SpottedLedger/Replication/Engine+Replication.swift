import Ethereum
import EventLog
import SpottedProtocol

/// The writer's side of replication (docs/scale-out.md): a commit group is published to the
/// ``ReplicatedLog`` first, fenced on the local head, and appended to the local log only after the
/// stream acknowledged it. Stream sequence = ledger sequence: the group's entries are published
/// as stream messages `head + 1 …`, and every entry read back must carry the sequence it is read at.
///
/// ```swift
/// let engine = try Engine(directory: "logs/live")
/// try engine.startWriting(to: stream)        // catch up, check, promote
/// try engine.submit(action)                  // published, acknowledged, then appended
/// ```
extension Engine {
    /// Entries one replicated commit group holds at most: JetStream's atomic-batch limit.
    public static let maxReplicatedGroupEntries = 1_000
    /// How long a reconciling or junction-checking read waits for the stream, in milliseconds.
    public static let replicationReadTimeoutMilliseconds = 2_000

    /// Follows `replicated`: the engine takes its entries (``catchUp(batchLimit:timeoutMilliseconds:maxEntries:)``,
    /// ``applyReplicated(_:)``) and refuses submissions with ``EngineError/notWriter(_:)`` until
    /// ``promote()``.
    public func follow(_ replicated: any ReplicatedLog) {
        self.replicated = replicated
        writeRefusal = .notWriter(nil)
        maxGroupEntries = Self.maxReplicatedGroupEntries
    }

    /// A writer's start: follow `replicated`, catch up from it, then ``promote()``.
    public func startWriting(to replicated: any ReplicatedLog) throws(EngineError) {
        follow(replicated)
        try catchUpToStreamHead()
        try promote()
    }

    /// Catches up until the local head reaches the stream's last sequence as it was when called,
    /// each read waiting up to ``replicationReadTimeoutMilliseconds``; stops early when a read
    /// brings nothing (``promote()`` then refuses a head behind the stream).
    public func catchUpToStreamHead() throws(EngineError) {
        guard let replicated else {
            throw .replication(.failed(code: nil, description: "no replicated log to follow"))
        }
        let target: UInt64
        do { target = try replicated.lastSequence() } catch { throw .replication(error) }
        while log.head.sequence < target {
            let applied = try catchUp(
                timeoutMilliseconds: Self.replicationReadTimeoutMilliseconds,
                maxEntries: target - log.head.sequence)
            if applied == 0 { break }
        }
    }

    /// Before staging with writing refused: a refusal that a settled stream lifts (an unanswered
    /// publish whose read-back failed, an acknowledged group the local log missed) is retried by
    /// catching up and promoting again; any other refusal is thrown.
    func resettle(_ refusal: EngineError, group: PendingGroup) throws(EngineError) {
        switch refusal {
        case .replication(.unavailable), .log: break
        default: throw refusal
        }
        guard group.isEmpty else { throw refusal }
        try catchUpToStreamHead()
        try promote()
    }

    /// Makes this follower the writer. Refused with ``EngineError/replication(_:)``
    /// (``ReplicationError/streamBehind(streamLastSequence:acknowledgedSequence:)``) when the
    /// stream ends below the sequence this ledger saw acknowledged, with
    /// ``EngineError/notWriter(_:)`` when the stream is ahead of the local head (catch up first),
    /// and as divergent when the stream's entry at the local head is another one. A stream
    /// shorter than the local log is seeded with the local entries it lacks. The first publish is
    /// still fenced on the local head: of two nodes promoted at once, one wins.
    public func promote() throws(EngineError) {
        if let halted { throw halted }
        guard let replicated else {
            throw .replication(.failed(code: nil, description: "no replicated log to write to"))
        }
        let streamLast = try checkStreamNotBehind(replicated)
        let head = log.head
        if streamLast > head.sequence {
            throw .notWriter(
                .fenced(expectedLastSequence: head.sequence, streamLastSequence: streamLast))
        }
        if streamLast > 0 {
            let local: Envelope
            do { local = try log.entry(streamLast) } catch { throw .log(error) }
            try checkStreamHolds(local, in: replicated)
        }
        if streamLast < head.sequence { try seed(replicated, after: streamLast) }
        writeRefusal = nil
    }

    /// The stream's last sequence, after checking it is not below the acknowledged mark (no
    /// hidden loss); when it is, writing is refused until a later check passes.
    @discardableResult
    func checkStreamNotBehind(_ replicated: any ReplicatedLog) throws(EngineError) -> UInt64 {
        let streamLast: UInt64
        do { streamLast = try replicated.lastSequence() } catch { throw .replication(error) }
        let acknowledged: UInt64
        do { acknowledged = try log.acknowledgedSequence() } catch { throw .log(error) }
        guard streamLast >= acknowledged else {
            let behind = EngineError.replication(
                .streamBehind(streamLastSequence: streamLast, acknowledgedSequence: acknowledged))
            writeRefusal = behind
            throw behind
        }
        return streamLast
    }

    /// Checks that the stream's entry at `local`'s sequence is `local` (every field and hash).
    func checkStreamHolds(_ local: Envelope, in replicated: any ReplicatedLog) throws(EngineError) {
        let found = try read(replicated, from: local.sequence, limit: 1)
        guard let entry = found.first else {
            throw .replication(
                .divergent(sequence: local.sequence, reason: "the stream has no entry there"))
        }
        guard entry == local else {
            throw .replication(
                .divergent(
                    sequence: local.sequence,
                    reason:
                        "the stream's entry (hash \(entry.hash)) is not the local one (hash \(local.hash))"
                ))
        }
    }

    /// Publishes the local entries after `streamLast` (a ledger older than its stream), in groups
    /// of at most ``maxReplicatedGroupEntries``, each fenced on the one before.
    func seed(_ replicated: any ReplicatedLog, after streamLast: UInt64) throws(EngineError) {
        var last = streamLast
        while last < log.head.sequence {
            let batch: [Envelope]
            do {
                batch = try log.entries(from: last + 1, limit: Self.maxReplicatedGroupEntries)
            } catch { throw .log(error) }
            guard !batch.isEmpty else { break }
            do throws(ReplicationError) {
                try replicated.publish(batch, expectedLastSequence: last)
            } catch {
                if case .fenced = error { throw .notWriter(error) }
                throw .replication(error)
            }
            last += UInt64(batch.count)
        }
    }

    /// Reads from `replicated` and checks that entry `i` carries sequence `sequence + i` (stream
    /// sequence = ledger sequence).
    func read(
        _ replicated: any ReplicatedLog, from sequence: UInt64, limit: Int,
        timeoutMilliseconds: Int = replicationReadTimeoutMilliseconds
    ) throws(EngineError) -> [Envelope] {
        let found: [Envelope]
        do {
            found = try replicated.read(
                from: sequence, limit: limit, timeoutMilliseconds: timeoutMilliseconds)
        } catch { throw .replication(error) }
        guard found.count <= limit else {
            throw .replication(
                .failed(code: nil, description: "asked for \(limit) entries, got \(found.count)"))
        }
        for (i, entry) in found.enumerated() where entry.sequence != sequence + UInt64(i) {
            throw .replication(
                .divergent(
                    sequence: sequence + UInt64(i),
                    reason: "the stream's message there is ledger entry \(entry.sequence)"))
        }
        return found
    }
}

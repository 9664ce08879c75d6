import Dispatch
import EventLog

/// Replication through the ingestor: the engine is only touched on the reducing thread, so a
/// follower's entries are applied there, between groups, like reads (``read(_:)``). The stream is
/// read off that thread (a blocking read waits on a Dispatch thread), so reads of the state keep
/// being answered while the follower waits for the stream.
extension Ingestor {
    /// Applies `envelopes` read from the followed stream on the reducing thread (see
    /// ``Engine/applyReplicated(_:)``) and returns the new head sequence.
    public func applyReplicated(_ envelopes: [Envelope]) async throws(EngineError) -> UInt64 {
        // Not only while following: never nil.
        try await apply(envelopes, onlyWhileFollowing: false) ?? 0
    }

    /// Runs `body` on the reducing thread between groups (nil after shutdown).
    func onReducingThread<T: Sendable>(_ body: @escaping @Sendable (Engine) -> T) async -> T? {
        do {
            return try await read { engine in body(engine) }
        } catch {
            return nil
        }
    }

    /// Makes the engine follow `replicated` (writes refused with ``EngineError/notWriter(_:)``)
    /// and applies its entries as they arrive, in batches of at most `batchLimit`, each read
    /// waiting at most `timeoutMilliseconds`; a cluster that does not answer is asked again after
    /// a pause. Returns when the task is cancelled, the ingestor shuts down or the engine was
    /// promoted to writer (``promote()``), and throws when the stream diverges or fails otherwise
    /// (the state stays the local log's). An engine that already follows `replicated` (opened
    /// so) is not reset; one already promoted on it returns at once.
    public func follow(
        _ replicated: any ReplicatedLog, batchLimit: Int = Engine.maxReplicatedGroupEntries,
        timeoutMilliseconds: Int = 1_000
    ) async throws(EngineError) {
        guard
            let start = await onReducingThread({ engine -> UInt64? in
                let same = engine.replicated.map { $0 === replicated } ?? false
                if same, engine.writeRefusal == nil { return nil }  // promoted already
                if !same || !Self.follows(engine) { engine.follow(replicated) }
                return engine.log.head.sequence
            }), var next = start.map({ $0 + 1 })
        else { return }
        while !Task.isCancelled {
            do throws(EngineError) {
                let batch = try await Self.read(
                    replicated, from: next, limit: batchLimit,
                    timeoutMilliseconds: timeoutMilliseconds)
                guard let head = try await applyWhileFollowing(batch) else { return }
                next = head + 1
            } catch {
                switch error {
                case .shuttingDown: return
                case .replication(.unavailable):
                    try? await Task.sleep(for: .milliseconds(Self.followRetryMilliseconds))
                default: throw error
                }
            }
        }
    }

    /// How long the follow loop waits before asking an unanswering cluster again.
    static let followRetryMilliseconds = 250

    /// Whether `engine` follows its stream (writes refused as not the writer).
    static func follows(_ engine: Engine) -> Bool {
        if case .notWriter = engine.writeRefusal { return true }
        return false
    }

    /// Applies `envelopes` (none is fine) on the reducing thread while the engine follows, and
    /// returns the new head sequence; nil, applying nothing, once it was promoted (its write
    /// refusal lifted) — the entries it reads then are its own. Entries at or below the local head
    /// (a promotion that caught up and was then refused moved it) are skipped; after a gap
    /// nothing is applied and the head is returned, so the loop reads on from it.
    func applyWhileFollowing(_ envelopes: [Envelope]) async throws(EngineError) -> UInt64? {
        try await apply(envelopes, onlyWhileFollowing: true)
    }

    /// Applies `envelopes` on the reducing thread and returns the new head sequence; with
    /// `onlyWhileFollowing`, as ``applyWhileFollowing(_:)`` says.
    func apply(_ envelopes: [Envelope], onlyWhileFollowing: Bool) async throws(EngineError)
        -> UInt64?
    {
        let result = await onReducingThread { engine -> Result<UInt64?, EngineError> in
            var envelopes = envelopes
            let head = engine.log.head.sequence
            if onlyWhileFollowing {
                if engine.writeRefusal == nil { return .success(nil) }
                envelopes.removeAll { $0.sequence <= head }
                guard envelopes.first.map({ $0.sequence == head + 1 }) ?? true else {
                    return .success(head)
                }
            }
            guard !envelopes.isEmpty else { return .success(head) }
            defer { self.resetHints(engine) }
            do throws(EngineError) {
                try engine.applyReplicated(envelopes)
                return .success(engine.log.head.sequence)
            } catch {
                return .failure(error)
            }
        }
        guard let result else { throw .shuttingDown }
        return try result.get()
    }

    /// Reads the stream on a Dispatch thread, so no Swift concurrency thread blocks on it.
    static func read(
        _ replicated: any ReplicatedLog, from sequence: UInt64, limit: Int,
        timeoutMilliseconds: Int
    ) async throws(EngineError) -> [Envelope] {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<[Envelope], ReplicationError>, Never>) in
            DispatchQueue.global().async {
                continuation.resume(
                    returning: Result { () throws(ReplicationError) in
                        try replicated.read(
                            from: sequence, limit: limit, timeoutMilliseconds: timeoutMilliseconds)
                    })
            }
        }
        do throws(ReplicationError) { return try result.get() } catch {
            throw .replication(error)
        }
    }

    /// Promotes the engine to the writer of the stream it follows (see ``Engine/promote()``),
    /// after catching up with what the stream holds. A refused promotion of a following engine
    /// leaves it following (its follow loop goes on); the refusal is thrown.
    public func promote() async throws(EngineError) {
        let result = await onReducingThread { engine -> Result<Void, EngineError> in
            defer { self.resetHints(engine) }
            let following = Self.follows(engine)
            do throws(EngineError) {
                try engine.catchUpToStreamHead()
                try engine.promote()
                return .success(())
            } catch {
                if following, engine.halted == nil, let replicated = engine.replicated {
                    engine.follow(replicated)
                }
                return .failure(error)
            }
        }
        guard let result else { throw .shuttingDown }
        try result.get()
    }
}

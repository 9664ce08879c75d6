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
    /// waiting at most `timeoutMilliseconds`; returns when the task is cancelled, the ingestor
    /// shuts down or the engine was promoted to writer (``promote()``), and throws when the stream
    /// fails or diverges (the state stays the local log's).
    public func follow(
        _ replicated: any ReplicatedLog, batchLimit: Int = Engine.maxReplicatedGroupEntries,
        timeoutMilliseconds: Int = 1_000
    ) async throws(EngineError) {
        guard
            let head = await onReducingThread({ engine -> UInt64 in
                engine.follow(replicated)
                return engine.log.head.sequence
            })
        else { return }
        var next = head + 1
        while !Task.isCancelled {
            let batch = try await Self.read(
                replicated, from: next, limit: batchLimit, timeoutMilliseconds: timeoutMilliseconds)
            do throws(EngineError) {
                guard let head = try await applyWhileFollowing(batch) else { return }
                next = head + 1
            } catch {
                if case .shuttingDown = error { return }
                throw error
            }
        }
    }

    /// Applies `envelopes` (none is fine) on the reducing thread while the engine follows, and
    /// returns the new head sequence; nil, applying nothing, once the engine was promoted — the
    /// entries it reads then are its own.
    func applyWhileFollowing(_ envelopes: [Envelope]) async throws(EngineError) -> UInt64? {
        try await apply(envelopes, onlyWhileFollowing: true)
    }

    /// Applies `envelopes` on the reducing thread and returns the new head sequence; with
    /// `onlyWhileFollowing`, nil (nothing applied) when the engine no longer follows.
    func apply(_ envelopes: [Envelope], onlyWhileFollowing: Bool) async throws(EngineError)
        -> UInt64?
    {
        let result = await onReducingThread { engine -> Result<UInt64?, EngineError> in
            if onlyWhileFollowing {
                guard case .notWriter = engine.writeRefusal else { return .success(nil) }
            }
            guard !envelopes.isEmpty else { return .success(engine.log.head.sequence) }
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
    /// after catching up with what the stream holds.
    public func promote() async throws(EngineError) {
        let result = await onReducingThread { engine -> Result<Void, EngineError> in
            defer { self.resetHints(engine) }
            do throws(EngineError) {
                try engine.catchUpToStreamHead()
                try engine.promote()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        guard let result else { throw .shuttingDown }
        try result.get()
    }
}

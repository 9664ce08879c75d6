import EventLog
import SpottedProtocol

/// Group commit on one thread: actions are staged into the engine's state one by one, and the group
/// is written in one durable transaction when it is full, after an epoch transition (where a
/// snapshot may be due), or when the caller flushes. Each staged action carries a `Tag` saying whom
/// its entry answers.
struct GroupCommitter<Tag> {
    /// Most entries in one group.
    let maxGroupActions: Int
    /// Most payload bytes in one group.
    let maxGroupPayloadBytes: Int
    private var group = PendingGroup()
    private var waiting: [Tag] = []

    /// A committer closing groups at these bounds.
    init(maxGroupActions: Int, maxGroupPayloadBytes: Int) {
        self.maxGroupActions = max(1, maxGroupActions)
        self.maxGroupPayloadBytes = maxGroupPayloadBytes
    }

    /// What one durable write did: each tag's entry (or the write's failure), its size and time.
    struct Commit {
        var answers: [(tag: Tag, result: Result<Envelope, EngineError>)]
        var size: Int
        var seconds: Double
        var failed: Bool
    }

    /// Stages `action`: throws its refusal (nothing staged), or returns the commit it closed.
    mutating func add(
        _ action: Action, checks: SignatureChecks, tag: Tag, on engine: Engine
    ) throws(EngineError) -> Commit? {
        try engine.stage(action, checks: checks, into: &group)
        waiting.append(tag)
        var endsEpoch = false
        if case .epochTransition = action.event { endsEpoch = true }
        guard
            endsEpoch || group.records.count >= maxGroupActions
                || group.payloadBytes >= maxGroupPayloadBytes
                || group.records.count >= engine.maxGroupEntries
        else { return nil }
        return flush(on: engine)
    }

    /// Writes the staged group, if any, and answers every tag in it.
    mutating func flush(on engine: Engine) -> Commit? {
        guard !group.isEmpty else { return nil }
        let size = group.records.count
        let tags = waiting
        waiting.removeAll(keepingCapacity: true)
        let clock = ContinuousClock()
        let start = clock.now
        do throws(EngineError) {
            let stored = try engine.commit(&group)
            let elapsed = start.duration(to: clock.now)
            let seconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return Commit(
                answers: zip(tags, stored).map { ($0, .success($1)) }, size: size,
                seconds: seconds, failed: false)
        } catch {
            return Commit(
                answers: tags.map { ($0, .failure(error)) }, size: size, seconds: 0, failed: true)
        }
    }
}

extension Engine {
    /// Submits actions each on its own through the ingestion stages, on the calling thread:
    /// signatures recovered on `recoveryThreads` threads first (``SignatureRecovery``), then reduced
    /// in order and committed in groups of at most `maxGroupActions` (one durable write each, cut
    /// after every epoch transition). Every action gets its entry or its refusal (`index` = its
    /// position); a refused one leaves the others alone. When a write fails, it and every later
    /// action fail with its error, so that a retry can resubmit them in order.
    public func submitEach(
        _ actions: [Action], recoveryThreads: Int = Ingestor.Options().recoveryThreads,
        maxGroupActions: Int = Ingestor.Options().maxGroupActions
    ) -> [Result<Envelope, EngineError>] {
        let checks = SignatureRecovery.checks(
            for: actions, genesis: state.genesis,
            resolverDomainSeparator: state.resolverDomainSeparator, threads: recoveryThreads,
            taskSlot: { id in self.state.tasks.tasks[id]?.slot })
        var results = [Result<Envelope, EngineError>?](repeating: nil, count: actions.count)
        var committer = GroupCommitter<Int>(
            maxGroupActions: maxGroupActions,
            maxGroupPayloadBytes: Ingestor.Options().maxGroupPayloadBytes)
        var failure: EngineError?
        func record(_ commit: GroupCommitter<Int>.Commit?) {
            for answer in commit?.answers ?? [] {
                results[answer.tag] = answer.result.mapError { $0.at(index: answer.tag) }
                if case .failure(let error) = answer.result { failure = error }
            }
        }
        for i in actions.indices {
            // After a failed write the rest is not attempted: a retry resubmits it in order.
            if let failure {
                results[i] = .failure(failure.at(index: i))
                continue
            }
            do throws(EngineError) {
                record(try committer.add(actions[i], checks: checks[i], tag: i, on: self))
            } catch {
                results[i] = .failure(error.at(index: i))
            }
        }
        record(committer.flush(on: self))
        return results.map { $0 ?? .failure(.shuttingDown) }
    }
}

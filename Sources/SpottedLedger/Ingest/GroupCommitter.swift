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

        /// The write's failure, when it failed.
        var error: EngineError? {
            guard failed, case .failure(let error)? = answers.first?.result else { return nil }
            return error
        }
    }

    /// Actions staged and not yet written.
    var stagedCount: Int { group.count }

    /// Stages `action`: throws its refusal (nothing staged), or returns the commit it closed.
    mutating func add(
        _ action: Action, checks: SignatureChecks, tag: Tag, on engine: Engine
    ) throws(EngineError) -> Commit? {
        try engine.stage(action, checks: checks, into: &group)
        waiting.append(tag)
        var endsEpoch = false
        if case .epochTransition = action.event { endsEpoch = true }
        guard
            endsEpoch || group.count >= maxGroupActions
                || group.payloadBytes >= maxGroupPayloadBytes
                || group.count >= engine.maxGroupEntries
        else { return nil }
        return flush(on: engine)
    }

    /// Writes the staged group, if any, and answers every tag in it.
    mutating func flush(on engine: Engine) -> Commit? {
        guard !group.isEmpty else { return nil }
        let size = group.count
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

/// A commit group kept open across several submissions, for a producer that submits many small
/// batches and reads the state between them (the simulator): each action moves the state at once,
/// and the log gets the group in one durable write when it is full, when an epoch transition ends
/// it, or at ``Engine/commit(_:)``.
public struct OpenGroup {
    var committer: GroupCommitter<Int>

    /// Actions staged into the state and not yet written.
    public var stagedCount: Int { committer.stagedCount }

    /// An empty group closing at these bounds (the ingestor's by default).
    public init(
        maxGroupActions: Int = Ingestor.Options().maxGroupActions,
        maxGroupPayloadBytes: Int = Ingestor.Options().maxGroupPayloadBytes
    ) {
        committer = GroupCommitter(
            maxGroupActions: maxGroupActions, maxGroupPayloadBytes: maxGroupPayloadBytes)
    }
}

/// What one ``Engine/stage(_:into:recoveryThreads:)`` call did.
public struct StagingOutcome: Sendable {
    /// Each attempted action's refusal, nil when it was staged; the actions after a failed write
    /// were not attempted and have no element.
    public var refusals: [EngineError?]
    /// Actions written durably during the call (staged in it or before it, oldest first).
    public var committedCount: Int
    /// The write that failed during the call: the state was rebuilt from the log, so every action
    /// staged and not written is gone from it (the log may hold the failed group anyway when only
    /// its acknowledgement was lost).
    public var writeFailure: EngineError?
}

extension Engine {
    /// Stages each action into `committer` tagged with its index, in order, while its signatures
    /// are recovered on `threads` threads (``SignatureRecovery/pipeline(_:threads:_:)``: recovery,
    /// reduction and writes overlap), reporting every refusal and every write; stops after a failed
    /// write and returns how many actions were attempted.
    func stageEach(
        _ actions: [Action], threads: Int, into committer: inout GroupCommitter<Int>,
        refused: (Int, EngineError) -> Void, wrote: (GroupCommitter<Int>.Commit) -> Void
    ) -> Int {
        let messages = SignatureRecovery.signedMessages(
            actions, genesis: state.genesis,
            resolverDomainSeparator: state.resolverDomainSeparator,
            taskSlot: { id in self.state.tasks.tasks[id]?.slot })
        var attempted = 0
        SignatureRecovery.pipeline(messages, threads: threads) { i, checks in
            attempted = i + 1
            do throws(EngineError) {
                if let commit = try committer.add(actions[i], checks: checks, tag: i, on: self) {
                    wrote(commit)
                    if commit.failed { return false }
                }
            } catch {
                refused(i, error.at(index: i))
            }
            return true
        }
        return attempted
    }

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
        var results = [Result<Envelope, EngineError>?](repeating: nil, count: actions.count)
        var committer = GroupCommitter<Int>(
            maxGroupActions: maxGroupActions,
            maxGroupPayloadBytes: Ingestor.Options().maxGroupPayloadBytes)
        var failure: EngineError?
        func record(_ commit: GroupCommitter<Int>.Commit) {
            for answer in commit.answers {
                results[answer.tag] = answer.result.mapError { $0.at(index: answer.tag) }
                if case .failure(let error) = answer.result { failure = error }
            }
        }
        let attempted = stageEach(
            actions, threads: recoveryThreads, into: &committer,
            refused: { results[$0] = .failure($1) }, wrote: record)
        if failure == nil, let commit = committer.flush(on: self) { record(commit) }
        // After a failed write the rest is not attempted: a retry resubmits it in order.
        return results.indices.map { i in
            if let result = results[i] { return result }
            if i >= attempted, let failure { return .failure(failure.at(index: i)) }
            return .failure(.shuttingDown)
        }
    }

    /// Stages actions into `group`, each on its own, as ``submitEach(_:recoveryThreads:maxGroupActions:)``
    /// does, but leaves the last group open: the state holds every staged action at once, the log
    /// those of the groups that closed (full, or ended by an epoch transition).
    public func stage(
        _ actions: [Action], into group: inout OpenGroup,
        recoveryThreads: Int = Ingestor.Options().recoveryThreads
    ) -> StagingOutcome {
        var refusals = [EngineError?](repeating: nil, count: actions.count)
        var outcome = StagingOutcome(refusals: [], committedCount: 0, writeFailure: nil)
        let attempted = stageEach(
            actions, threads: recoveryThreads, into: &group.committer,
            refused: { refusals[$0] = $1 },
            wrote: { commit in
                if commit.failed {
                    outcome.writeFailure = commit.error
                } else {
                    outcome.committedCount += commit.size
                }
            })
        outcome.refusals = Array(refusals[..<attempted])
        return outcome
    }

    /// Writes `group`'s staged actions in one durable write; returns how many. A failed write
    /// rebuilds the state from the log (see ``StagingOutcome/writeFailure``) and throws.
    @discardableResult
    public func commit(_ group: inout OpenGroup) throws(EngineError) -> Int {
        guard let commit = group.committer.flush(on: self) else { return 0 }
        if let error = commit.error { throw error }
        return commit.size
    }
}

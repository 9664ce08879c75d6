import EventLog
import SpottedProtocol

/// The reducing thread: stages actions in arrival order, commits groups, answers submitters.
extension Ingestor {
    /// One submission's answers, filled in as its actions are refused or committed; the submitter
    /// is resumed when the last one is in. Touched only by the reducing thread.
    final class Answers {
        var results: [Result<Envelope, EngineError>?]
        var missing: Int
        let continuation: CheckedContinuation<[Result<Envelope, EngineError>], Never>

        init(
            count: Int, _ continuation: CheckedContinuation<[Result<Envelope, EngineError>], Never>
        ) {
            results = Array(repeating: nil, count: count)
            missing = count
            self.continuation = continuation
        }

        /// Sets action `i`'s answer; resumes the submitter when it was the last.
        func set(_ i: Int, _ result: Result<Envelope, EngineError>) {
            results[i] = result
            missing -= 1
            if missing == 0 {
                continuation.resume(returning: results.map { $0 ?? .failure(.shuttingDown) })
            }
        }
    }

    /// Whom a staged entry answers: a submission and the action's position in it.
    typealias Waiter = (answers: Answers, index: Int)

    /// The reducing thread's side of the write pipeline: the group being staged, and the tags
    /// of the group whose write is in flight on the ``GroupWriter``.
    struct Pipeline {
        var committer: GroupCommitter<Waiter>
        var inFlight: [Waiter]?
    }

    /// The reducing thread's loop: wait for work or a write's end, take all the work, process it
    /// in order, and start the next write as soon as none is in flight — so a group is reduced
    /// while the one before it is written and made durable.
    func run() {
        var pipeline = Pipeline(
            committer: GroupCommitter<Waiter>(
                maxGroupActions: options.maxGroupActions,
                maxGroupPayloadBytes: options.maxGroupPayloadBytes),
            inFlight: nil)
        while true {
            wakeup.wait()
            if pipeline.inFlight != nil, let outcome = writer.poll() {
                complete(outcome, &pipeline)
            }
            let batch = intake.withLock { i in
                let taken = i.work
                i.work.removeAll(keepingCapacity: true)
                return taken
            }
            if !batch.isEmpty, process(batch, &pipeline) { return }
            startWrite(&pipeline)
        }
    }

    /// Processes works in order, writing groups as they close; true after a stop.
    func process(_ batch: [Work], _ pipeline: inout Pipeline) -> Bool {
        let engine = box.engine
        for work in batch {
            switch work {
            case .actions(let actions, let checks, let continuation):
                let answers = Answers(count: actions.count, continuation)
                for i in actions.indices {
                    do throws(EngineError) {
                        let closes = try pipeline.committer.stage(
                            actions[i], checks: checks[i], tag: (answers, i), on: engine)
                        noteHints(after: actions[i], engine)
                        if closes {
                            drain(&pipeline)
                            startWrite(&pipeline)
                        }
                    } catch {
                        stats.withLock { $0.recordRefusal(error) }
                        answers.set(i, .failure(error.at(index: i)))
                    }
                }
                intake.withLock { $0.queuedActions -= actions.count }
            case .read(let body):
                drain(&pipeline)
                answer(pipeline.committer.flush(on: engine), engine)
                body(engine)
            case .stop(let continuation):
                drain(&pipeline)
                answer(pipeline.committer.flush(on: engine), engine)
                writer.stop()
                finish(continuation)
                return true
            }
        }
        return false
    }

    /// Starts writing the staged group when no write is in flight: on the write thread when the
    /// engine lets it go (``Engine/detach(_:)``), else here (an epoch's last group, a replicated
    /// engine), answered at once.
    func startWrite(_ pipeline: inout Pipeline) {
        guard pipeline.inFlight == nil else { return }
        let engine = box.engine
        if options.pipelinesWrites, let (write, tags) = pipeline.committer.detach(on: engine) {
            pipeline.inFlight = tags
            writer.start(write)
        } else {
            answer(pipeline.committer.flush(on: engine), engine)
        }
    }

    /// Waits for the write in flight, if any, and answers its group.
    func drain(_ pipeline: inout Pipeline) {
        guard pipeline.inFlight != nil, let outcome = writer.wait() else { return }
        complete(outcome, &pipeline)
    }

    /// Answers the group whose write ended: each tag its entry; or, when the write failed, the
    /// error — to the staged group's tags too, since the state was rebuilt from the log without it.
    func complete(_ outcome: GroupWriter.Outcome, _ pipeline: inout Pipeline) {
        guard let tags = pipeline.inFlight else { return }
        pipeline.inFlight = nil
        let engine = box.engine
        if let error = engine.finishDetached(outcome.result) {
            resetHints(engine)
            for waiter in tags + pipeline.committer.discard() {
                waiter.answers.set(waiter.index, .failure(error.at(index: waiter.index)))
            }
            return
        }
        guard case .success(let stored) = outcome.result else { return }
        stats.withLock { $0.recordGroup(size: stored.count, seconds: outcome.seconds) }
        for (waiter, envelope) in zip(tags, stored) {
            waiter.answers.set(waiter.index, .success(envelope))
        }
    }

    /// Answers the submitters of a committed group and counts it.
    func answer(_ commit: GroupCommitter<Waiter>.Commit?, _ engine: Engine) {
        guard let commit else { return }
        if commit.failed {
            // The state was rebuilt from the log: the recovery hints follow it.
            resetHints(engine)
        } else {
            stats.withLock { $0.recordGroup(size: commit.size, seconds: commit.seconds) }
        }
        for (waiter, result) in commit.answers {
            waiter.answers.set(waiter.index, result.mapError { $0.at(index: waiter.index) })
        }
    }

    /// Ends the thread: answers what arrived after the stop, and every other waiting shutdown.
    func finish(_ continuation: CheckedContinuation<Void, Never>) {
        let late = intake.withLock { i in
            i.finished = true
            i.accepting = false
            let taken = i.work
            i.work.removeAll()
            return taken
        }
        for work in late {
            switch work {
            case .actions(let actions, _, let waiting):
                waiting.resume(returning: actions.map { _ in .failure(.shuttingDown) })
            case .read(let body):
                // Reads still see the committed state: nothing is staged any more.
                body(box.engine)
            case .stop(let other):
                other.resume()
            }
        }
        continuation.resume()
    }
}

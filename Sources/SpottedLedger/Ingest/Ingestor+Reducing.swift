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

    /// The reducing thread's loop: wait for work, take all of it, process it in order.
    func run() {
        var committer = GroupCommitter<Waiter>(
            maxGroupActions: options.maxGroupActions,
            maxGroupPayloadBytes: options.maxGroupPayloadBytes)
        while true {
            wakeup.wait()
            let batch = intake.withLock { i in
                let taken = i.work
                i.work.removeAll(keepingCapacity: true)
                return taken
            }
            if !batch.isEmpty, process(batch, &committer) { return }
        }
    }

    /// Processes works in order, committing groups as they fill; true after a stop.
    func process(_ batch: [Work], _ committer: inout GroupCommitter<Waiter>) -> Bool {
        let engine = box.engine
        for work in batch {
            switch work {
            case .actions(let actions, let checks, let continuation):
                let answers = Answers(count: actions.count, continuation)
                for i in actions.indices {
                    do throws(EngineError) {
                        let commit = try committer.add(
                            actions[i], checks: checks[i], tag: (answers, i), on: engine)
                        noteHints(after: actions[i], engine)
                        answer(commit, engine)
                    } catch {
                        stats.withLock { $0.recordRefusal(error) }
                        answers.set(i, .failure(error.at(index: i)))
                    }
                }
                intake.withLock { $0.queuedActions -= actions.count }
            case .read(let body):
                answer(committer.flush(on: engine), engine)
                body(engine)
            case .stop(let continuation):
                answer(committer.flush(on: engine), engine)
                finish(continuation)
                return true
            }
        }
        answer(committer.flush(on: engine), engine)
        return false
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

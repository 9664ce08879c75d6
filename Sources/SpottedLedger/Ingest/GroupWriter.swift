import Dispatch
import EventLog
import Foundation
import Synchronization

/// The ingestor's write thread: one detached group at a time (``Engine/detach(_:)``) appended
/// and made durable while the reducing thread stages the next. When a write ends its outcome is
/// kept for ``poll()`` / ``wait()`` and `wakeup` is signalled.
final class GroupWriter: Sendable {
    /// How one write ended, and how long it took in seconds.
    struct Outcome: Sendable {
        let result: Result<[Envelope], EventLogError>
        let seconds: Double
    }

    private enum Job: Sendable {
        case write(DetachedWrite)
        case stop
    }

    private let jobs = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    private let job = Mutex<Job?>(nil)
    private let outcome = Mutex<Outcome?>(nil)

    /// Starts the thread, which writes through `engine` and signals `wakeup` after each write.
    init(engine: Ingestor.EngineBox, wakeup: DispatchSemaphore) {
        let thread = Thread { [self] in
            while true {
                jobs.wait()
                guard case .write(let write)? = job.withLock({ $0.take() }) else { return }
                let clock = ContinuousClock()
                let start = clock.now
                let result = Result { () throws(EventLogError) in
                    try engine.engine.writeDetached(write)
                }
                let elapsed = start.duration(to: clock.now)
                let seconds =
                    Double(elapsed.components.seconds)
                    + Double(elapsed.components.attoseconds) * 1e-18
                outcome.withLock { $0 = Outcome(result: result, seconds: seconds) }
                ended.signal()
                wakeup.signal()
            }
        }
        thread.name = "spotted-writer"
        thread.start()
    }

    /// Hands `write` to the thread (the previous one must have been collected).
    func start(_ write: DetachedWrite) {
        job.withLock { $0 = .write(write) }
        jobs.signal()
    }

    /// The outcome of the write in flight if it has ended, without waiting.
    func poll() -> Outcome? {
        guard ended.wait(timeout: .now()) == .success else { return nil }
        return outcome.withLock { $0.take() }
    }

    /// Waits for the write in flight to end and returns its outcome.
    func wait() -> Outcome? {
        ended.wait()
        return outcome.withLock { $0.take() }
    }

    /// Ends the thread (after the write in flight, if any, was collected).
    func stop() {
        job.withLock { $0 = .stop }
        jobs.signal()
    }
}

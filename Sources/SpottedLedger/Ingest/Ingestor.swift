import Dispatch
import Ethereum
import EventLog
import Foundation
import SpottedProtocol
import Synchronization

/// The live front door of a ledger: many concurrent submitters, signatures recovered on every core
/// before reduction, one reducing thread in arrival order, and group commit — everything reduced
/// since the last commit goes into one LMDB write transaction and one fsync, bounded by
/// ``Options/maxGroupActions`` and ``Options/maxGroupPayloadBytes`` and cut after every epoch
/// transition (where snapshots are due). A submitter is answered only once its group is durable;
/// a refused action is answered with its typed error and leaves the rest of its group alone.
///
/// The ingestor owns its ``Engine``: from ``init(engine:options:)`` on, only the reducing thread
/// touches it, and other code reads it through ``read(_:)``, which runs between groups. Call
/// ``shutdown()`` before dropping the ingestor: it commits and answers what was accepted, then stops
/// the thread.
///
/// ```swift
/// let ingestor = Ingestor(engine: try Engine(directory: "logs/live"))
/// let envelope = try await ingestor.submit(action)   // durable when it returns
/// await ingestor.shutdown()
/// ```
public final class Ingestor: Sendable {
    /// Bounds of a commit group and the recovery threads.
    public struct Options: Sendable {
        /// Most entries in one commit group.
        public var maxGroupActions = 4_096
        /// Most payload bytes in one commit group (a group closes once it reaches this).
        public var maxGroupPayloadBytes = 16 << 20
        /// Threads an array submission's signatures are recovered on (default: every online core).
        public var recoveryThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// The defaults.
        public init() {}
    }

    /// One unit of work for the reducing thread, in arrival order.
    enum Work: Sendable {
        /// Actions of one submission, their signature modes, and who waits for the answers.
        case actions(
            [Action], [SignatureChecks], CheckedContinuation<[Result<Envelope, EngineError>], Never>
        )
        /// A read between groups.
        case read(@Sendable (Engine) -> Void)
        /// Commit, answer, stop.
        case stop(CheckedContinuation<Void, Never>)
    }

    /// What waits for the reducing thread.
    struct Intake {
        var work: [Work] = []
        var queuedActions = 0
        var accepting = true
        var finished = false
    }

    /// What the recovery stage needs to find a signature's digest without the state.
    struct Hints {
        var genesis: LedgerGenesis?
        var resolverDomainSeparator = Word.zero
        var taskSlots: [Word: StateSlot] = [:]
    }

    /// The engine, touched only by the reducing thread.
    final class EngineBox: @unchecked Sendable {
        let engine: Engine
        init(_ engine: Engine) { self.engine = engine }
    }

    let box: EngineBox
    let intake = Mutex(Intake())
    let wakeup = DispatchSemaphore(value: 0)
    let hints: Mutex<Hints>
    let stats = Mutex(IngestStatistics())
    /// Response digests the recovery stage hashed, shared by every submission.
    let responseDigests = SignatureRecovery.ResponseDigests()
    /// The bounds this ingestor commits by.
    public let options: Options
    /// The ledger's log (for tails and reads that need no state).
    public let log: EventLog

    /// Takes `engine` over and starts the reducing thread.
    public init(engine: Engine, options: Options = Options()) {
        box = EngineBox(engine)
        log = engine.log
        self.options = options
        var h = Hints()
        if let genesis = engine.state.genesis {
            h.genesis = genesis
            h.resolverDomainSeparator = engine.state.resolverDomainSeparator
        }
        h.taskSlots = engine.state.tasks.tasks.mapValues(\.slot)
        hints = Mutex(h)
        let thread = Thread { [self] in run() }
        thread.name = "spotted-reducer"
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Submits one action; returns its entry once it is durable, or its refusal.
    public func submit(_ action: Action) async throws(EngineError) -> Envelope {
        let results = await submit([action])
        return try results[0].get()
    }

    /// Submits actions in order, each on its own: every action gets its entry (once durable) or
    /// its refusal (`index` = its position here), and a refused one does not stop the others.
    public func submit(_ actions: [Action]) async -> [Result<Envelope, EngineError>] {
        guard !actions.isEmpty else { return [] }
        let checks = recoverSignatures(actions)
        return await withCheckedContinuation { continuation in
            let accepted = intake.withLock { i in
                guard i.accepting else { return false }
                i.work.append(.actions(actions, checks, continuation))
                i.queuedActions += actions.count
                return true
            }
            if accepted {
                wakeup.signal()
            } else {
                continuation.resume(returning: actions.map { _ in .failure(.shuttingDown) })
            }
        }
    }

    /// Runs `body` on the reducing thread between two groups, with every earlier submission
    /// committed: reads see a state the log holds.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Engine) throws -> T) async throws
        -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            let work = Work.read { engine in
                continuation.resume(with: Result { () throws -> T in try body(engine) })
            }
            let accepted = intake.withLock { i in
                guard i.accepting else { return false }
                i.work.append(work)
                return true
            }
            if accepted {
                wakeup.signal()
            } else {
                continuation.resume(throwing: EngineError.shuttingDown)
            }
        }
    }

    /// Stops taking submissions, commits and answers every one already taken, and stops the
    /// reducing thread. Later submissions are refused with ``EngineError/shuttingDown``.
    public func shutdown() async {
        await withCheckedContinuation { continuation in
            let queued = intake.withLock { i in
                i.accepting = false
                guard !i.finished else { return false }
                i.work.append(.stop(continuation))
                return true
            }
            if queued { wakeup.signal() } else { continuation.resume() }
        }
    }

    /// What the ingestor has done so far.
    public func statistics() -> IngestStatistics {
        var s = stats.withLock { $0 }
        s.queuedActions = intake.withLock { $0.queuedActions }
        return s
    }
}

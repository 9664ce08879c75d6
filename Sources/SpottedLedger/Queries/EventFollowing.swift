import Dispatch
import EventLog
import Synchronization

extension LedgerFiles {
    /// Streams the events of the ledger in `directory` that pass `filter`, from `filter.from` on,
    /// then each new one as it is appended — by this process or another, whose commits the log's
    /// tail (``EventLog/tail(from:chunk:pollInterval:)``) looks for every `pollInterval` — to
    /// `emit`, until `emit` returns false or `filter.limit` rows went out. Blocks the calling thread.
    public static func follow(
        in directory: String, filter: EventFilter, pollInterval: Duration = .milliseconds(200),
        emit: @escaping @Sendable (EventRow) -> Bool
    ) throws(QueryError) {
        let code = try kindCode(filter)
        let log = try open(directory)
        _ = try intactOrAllowed(log, allowDamaged: filter.allowDamaged)
        let failure = Mutex<EventLogError?>(nil)
        let done = DispatchSemaphore(value: 0)
        let stream = log.tail(from: filter.from, pollInterval: pollInterval)
        Task {
            var emitted = 0
            do {
                for try await envelope in stream {
                    guard let row = row(envelope, filter, code) else { continue }
                    emitted += 1
                    if !emit(row) || emitted >= filter.limit { break }
                }
            } catch {
                let logError =
                    error as? EventLogError
                    ?? .storage(code: -1, operation: "tail", message: String(describing: error))
                failure.withLock { $0 = logError }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw .engine(.log(error)) }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// Storage faults injected into a log's appends, for the deterministic simulation harness and the
/// tests: each fault names the append it hits (counting from 1 since the log was opened). They run
/// inside the real LMDB write path, so what survives a fault is what LMDB really keeps.
public struct StorageFaults: Hashable, Sendable {
    /// One injected fault.
    public enum Fault: Hashable, Sendable {
        /// The write fails before anything is written (an I/O error): nothing is appended.
        case failedWrite
        /// The batch is torn: its first `afterEntries` entries are put, then the write fails and the
        /// transaction aborts, so none of them is visible.
        case tornBatch(afterEntries: Int)
        /// The map reports full at the first put: the log grows the map and retries the whole batch,
        /// which then succeeds.
        case mapFull
        /// The batch commits durably, then the acknowledgement is lost (the process dies before the
        /// caller hears of it): the caller gets an error although the batch is in the log.
        case lostAcknowledgement
    }

    /// Fault by append number.
    public var plan: [Int: Fault]

    /// Faults keyed by the append they hit (none by default).
    public init(_ plan: [Int: Fault] = [:]) { self.plan = plan }

    /// The error an injected I/O fault reports.
    static func ioError(_ what: String) -> EventLogError {
        .storage(code: EIO, operation: "injected fault", message: what)
    }
}

import EventLog
import Foundation
import SpottedLedger

/// What the HTTP service needs of the ledger: reads between commits, submissions acknowledged
/// once durable, the log to tail, counters for `/metrics`, and an orderly stop.
public protocol LedgerBackend: Sendable {
    /// Runs `body` on the engine between commits and returns its result.
    func read<T: Sendable>(_ body: @Sendable (Engine) throws -> T) async throws -> T
    /// Submits `actions`, each on its own: an envelope once durable, or its typed refusal.
    func submit(_ actions: [Action]) async -> [Result<Envelope, EngineError>]
    /// The counters `/metrics` shows.
    func counters() -> LedgerCounters
    /// The ledger's log (for the event stream's tail).
    var log: EventLog { get }
    /// Stops accepting, commits what was reduced, answers its submitters.
    func shutdown() async
}

/// The ingestion counters `/metrics` exposes.
public struct LedgerCounters: Sendable {
    /// Events appended since the service started.
    public var appendedEvents: UInt64 = 0
    /// Commits (groups) since the service started.
    public var groups: UInt64 = 0
    /// Commit group sizes, cumulative per upper bound (a Prometheus histogram's buckets).
    public var groupSizes: [(upperBound: Int, count: UInt64)] = []
    /// Seconds spent in fsync, summed.
    public var fsyncSecondsSum: Double = 0
    /// Fsyncs made.
    public var fsyncCount: UInt64 = 0
    /// Refused actions per rule name.
    public var refusalsByRule: [String: UInt64] = [:]
    /// Events in the log that the served state does not reflect yet.
    public var replayLagEvents: UInt64 = 0

    /// No counts yet.
    public init() {}
}

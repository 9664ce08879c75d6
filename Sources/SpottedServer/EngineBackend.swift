import EventLog
import Foundation
import SpottedLedger

/// A ``LedgerBackend`` over one ``Engine`` behind a lock: one commit per submission. The
/// stand-in until the ingestion pipeline is merged.
final class EngineBackend: LedgerBackend, @unchecked Sendable {
    private let lock = NSLock()
    private let engine: Engine
    private var state = LedgerCounters()
    private var stopped = false

    /// Serves `engine`.
    init(engine: Engine) { self.engine = engine }

    var log: EventLog { engine.log }

    func read<T: Sendable>(_ body: @Sendable (Engine) throws -> T) async throws -> T {
        try lock.withLock { try body(engine) }
    }

    func submit(_ actions: [Action]) async -> [Result<Envelope, EngineError>] {
        lock.withLock {
            actions.map { action in
                if stopped {
                    return .failure(.log(.readOnly(operation: "a submission after shutdown")))
                }
                do throws(EngineError) {
                    let envelope = try engine.submit(action)
                    state.appendedEvents += 1
                    state.groups += 1
                    return .success(envelope)
                } catch {
                    if case .refused(_, let refusal) = error {
                        state.refusalsByRule[refusal.error.name, default: 0] += 1
                    } else if case .duplicate = error {
                        state.refusalsByRule["DuplicateAction", default: 0] += 1
                    }
                    return .failure(error)
                }
            }
        }
    }

    func counters() -> LedgerCounters { lock.withLock { state } }

    func shutdown() async { lock.withLock { stopped = true } }
}

import Dispatch
import SpottedLedger

/// What `/metrics` and `/healthz` say about replication (docs/scale-out.md, "Observing a
/// cluster"): this node's role, its local head and acknowledged mark, the stream leader's last
/// sequence and every monitored node's own.
struct ReplicationStatus: Sendable {
    /// `standalone` (no replication), `writer`, `follower` (also a writer fenced by another), or
    /// `halted` (the stream diverged; every write refused until the ledger is reopened).
    var role: String
    /// The local log's last sequence.
    var localHeadSequence: UInt64
    /// The highest stream sequence the local log recorded as acknowledged.
    var acknowledgedSequence: UInt64
    /// The stream leader's last sequence (nil when it did not answer).
    var streamLastSequence: UInt64?
    /// Each monitored node, its own stored last sequence (nil: no copy of the stream) and
    /// whether it answered.
    var nodes: [(node: String, lastSequence: UInt64?, answered: Bool)] = []

    /// The highest sequence the stream is known to hold: the largest of the leader's last
    /// sequence, every node's own, and the local acknowledged mark. Lags are measured from it.
    var streamHeadSequence: UInt64 {
        nodes.compactMap(\.lastSequence).reduce(
            max(streamLastSequence ?? 0, acknowledgedSequence), max)
    }

    /// The role the engine behind `ingestor` has now (standalone without `settings`); the
    /// configured one when the ingestor no longer answers (shutting down).
    static func role(of ingestor: Ingestor, settings: ReplicationSettings?) async -> String {
        guard let settings else { return "standalone" }
        let role = try? await ingestor.read { engine -> String in
            if engine.halted != nil { return "halted" }
            if case .notWriter = engine.writeRefusal { return "follower" }
            return "writer"
        }
        return role ?? (settings.follows ? "follower" : "writer")
    }

    /// Asks the engine, the stream and every node (over the network, on a Dispatch thread so that
    /// no Swift concurrency thread blocks on a slow node).
    static func probe(ingestor: Ingestor, settings: ReplicationSettings) async -> ReplicationStatus
    {
        let role = await role(of: ingestor, settings: settings)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let log = ingestor.log
                var status = ReplicationStatus(
                    role: role, localHeadSequence: log.head.sequence,
                    acknowledgedSequence: (try? log.acknowledgedSequence()) ?? 0,
                    streamLastSequence: try? settings.log.lastSequence())
                for monitor in settings.monitors {
                    do {
                        status.nodes.append((monitor.node, try monitor.lastSequence(), true))
                    } catch {
                        status.nodes.append((monitor.node, nil, false))
                    }
                }
                continuation.resume(returning: status)
            }
        }
    }
}

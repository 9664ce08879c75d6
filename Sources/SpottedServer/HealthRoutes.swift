import Hummingbird
import SpottedLedger

/// `GET /healthz`: 200 with the log's head and this node's replication role while the ledger is
/// served.
struct HealthRoutes: Sendable {
    let ingestor: Ingestor
    let replication: ReplicationSettings?

    /// The health answer: the head sequence and hash.
    struct Health: Encodable, Sendable {
        /// Always `ok` when answered.
        var status: String
        /// The last sequence in the log.
        var headSequence: UInt64
        /// The last entry's hash, 0x hex.
        var headHash: String
        /// `standalone`, `writer`, `follower` or `halted` (``ReplicationStatus/role``).
        var role: String
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            let role = await ReplicationStatus.role(of: ingestor, settings: replication)
            let head = ingestor.log.head
            return JSONResponse.make(
                Health(
                    status: "ok", headSequence: head.sequence, headHash: head.hash.description,
                    role: role))
        }
    }
}

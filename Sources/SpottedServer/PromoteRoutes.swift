import Hummingbird
import SpottedLedger

/// `POST /v1/promote` (behind the bearer token): a `serve --replicate … --follow` node becomes the
/// stream's writer — it catches up with the stream, then takes the fence (``Ingestor/promote()``);
/// its follower loop ends and writes are accepted from then on, while the old writer's next
/// group is fenced: it refuses writes from then on and follows the new writer. A
/// refused promotion leaves the node following. 200 with the new role and head (the `/healthz` answer); 409
/// when the node serves no stream (`NotReplicated`) or another writer moved the stream on first
/// (`NotWriter`); 503 when the stream cannot be reached. A writer asked again answers 200.
struct PromoteRoutes: Sendable {
    let ingestor: Ingestor
    let replication: ReplicationSettings?

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.post("/v1/promote") { _, _ in
            guard replication != nil else {
                throw APIError(
                    .conflict,
                    ErrorReport(
                        code: "NotReplicated",
                        message:
                            "serve was started without --replicate: there is no stream to write to"
                    ))
            }
            do throws(EngineError) { try await ingestor.promote() } catch {
                throw APIError(error)
            }
            let role = await ReplicationStatus.role(of: ingestor, settings: replication)
            let head = ingestor.log.head
            return JSONResponse.make(
                HealthRoutes.Health(
                    status: "ok", headSequence: head.sequence, headHash: head.hash.description,
                    role: role))
        }
    }
}

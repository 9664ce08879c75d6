import Ethereum
import Hummingbird
import SpottedLedger

/// The read routes over the engine's state: the registry, an operator, its history, a
/// challenge's audit, the replica diff. Each calls the query its CLI command calls.
struct ReadRoutes: Sendable {
    let ingestor: Ingestor

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/state") { request, _ in
            let epoch = try request.query("epoch", as: UInt32.self)
            return try await query { engine throws(QueryError) in
                try engine.registrySummary(at: epoch)
            }
        }
        router.get("/v1/operators/:address") { request, context in
            let op = try context.address("address")
            let epoch = try request.query("epoch", as: UInt32.self)
            let summary = try await report { engine throws(QueryError) in
                try engine.registrySummary(at: epoch)
            }
            guard let found = summary.operators.first(where: { $0.operator == op }) else {
                throw APIError(
                    .notFound,
                    ErrorReport(
                        code: "NotFound", field: "address",
                        message: "operator \(op) is not in the registry at epoch \(summary.epoch)"))
            }
            return JSONResponse.make(found)
        }
        router.get("/v1/operators/:address/history") { _, context in
            let op = try context.address("address")
            return try await query { engine throws(QueryError) in try engine.operatorHistory(op) }
        }
        router.get("/v1/challenges/:id/audit") { _, context in
            let id = try context.word("id")
            return try await query { engine throws(QueryError) in
                try engine.slashAudit(challenge: id)
            }
        }
        router.get("/v1/diff") { request, _ in
            let chain = try request.query("chain", as: UInt64.self)
            let epoch = try request.query("epoch", as: UInt32.self)
            return try await query { engine throws(QueryError) in
                try engine.diff(chainId: chain, epoch: epoch)
            }
        }
    }

    /// Runs `body` between commits and answers its report, or its failure as an error report.
    func query<R: Encodable & Sendable>(
        _ body: @escaping @Sendable (Engine) throws(QueryError) -> R
    ) async throws -> Response {
        JSONResponse.make(try await report(body))
    }

    /// Runs `body` between commits and returns its report.
    func report<R: Sendable>(_ body: @escaping @Sendable (Engine) throws(QueryError) -> R)
        async throws -> R
    {
        try await ingestor.read { engine in try body(engine) }
    }
}

import Ethereum
import Hummingbird
import SpottedLedger

/// `GET /v1/events`: the log's entries as `events --json` lists them, filtered by `from`, `kind`,
/// `limit` (1…100000, default 50), `chain` and `sender`.
struct EventRoutes: Sendable {
    let ingestor: Ingestor

    /// The most rows one request may ask for (the CLI's bound).
    static let limitMax = 100_000

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/events") { request, _ in
            let filter = try Self.filter(request)
            let log = ingestor.log
            do throws(QueryError) {
                return JSONResponse.make(try LedgerFiles.events(in: log, filter: filter))
            } catch { throw APIError(error) }
        }
    }

    /// The listing filter the query parameters give.
    static func filter(_ request: Request) throws(APIError) -> EventFilter {
        var filter = EventFilter()
        filter.from = try request.query("from", as: UInt64.self) ?? 1
        guard filter.from >= 1 else { throw .badParameter("from", "from must be ≥ 1") }
        filter.limit = try request.query("limit", as: Int.self) ?? 50
        guard (1...limitMax).contains(filter.limit) else {
            throw .badParameter("limit", "limit must be in 1…\(limitMax)")
        }
        filter.kind = request.query("kind")
        if let kind = filter.kind, !LedgerFiles.kindNames.contains(kind) {
            throw .badParameter(
                "kind",
                "kind '\(kind)' is unknown; kinds: \(LedgerFiles.kindNames.joined(separator: ", "))"
            )
        }
        filter.chainId = try request.query("chain", as: UInt64.self)
        if let sender = request.query("sender") {
            do { filter.sender = try Address(sender) } catch {
                throw .badParameter("sender", "sender: \(error)")
            }
        }
        return filter
    }
}

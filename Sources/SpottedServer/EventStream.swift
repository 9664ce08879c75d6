import Hummingbird
import ServiceLifecycle
import SpottedLedger

/// `GET /v1/events/stream`: Server-Sent Events, one per log entry from `from` (or the
/// `Last-Event-ID` header + 1) on, then each new one as it is appended. `id:` is the sequence,
/// `event:` the kind, `data:` the entry as `events --json` lists it. `limit` ends the stream after
/// that many events; otherwise it ends when the client leaves or the server shuts down.
struct EventStream: Sendable {
    let ingestor: Ingestor

    func add(to router: Router<BasicRequestContext>) {
        router.get("/v1/events/stream") { request, _ in
            let start = try Self.start(request)
            let limit = try request.query("limit", as: Int.self)
            if let limit, limit < 1 { throw APIError.badParameter("limit", "limit must be ≥ 1") }
            let kind = request.query("kind")
            if let kind, !LedgerFiles.kindNames.contains(kind) {
                throw APIError.badParameter("kind", "kind '\(kind)' is unknown")
            }
            let log = ingestor.log
            let body = ResponseBody { writer in
                var sent = 0
                for try await envelope in log.tail(from: start).cancelOnGracefulShutdown() {
                    let row = LedgerFiles.row(envelope)
                    if let kind, row.kind != kind { continue }
                    try await writer.write(ByteBuffer(string: try Self.event(row)))
                    sent += 1
                    if let limit, sent >= limit { break }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: body)
        }
    }

    /// The first sequence to send: `Last-Event-ID` + 1 when the client resumes, else `from`
    /// (default 1).
    static func start(_ request: Request) throws(APIError) -> UInt64 {
        if let name = lastEventID, let last = request.headers[name] {
            guard let id = UInt64(last), id < .max else {
                throw .badParameter("Last-Event-ID", "Last-Event-ID '\(last)' is not a sequence")
            }
            return id + 1
        }
        let from = try request.query("from", as: UInt64.self) ?? 1
        guard from >= 1 else { throw .badParameter("from", "from must be ≥ 1") }
        return from
    }

    /// One SSE event for `row`.
    static func event(_ row: EventRow) throws -> String {
        "id: \(row.sequence)\nevent: \(row.kind)\ndata: \(try ReportJSON.render(row))\n\n"
    }

    /// The SSE resume header's name.
    static let lastEventID = HTTPFields.Element.Name("Last-Event-ID")
}

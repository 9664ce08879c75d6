import Hummingbird
import SpottedLedger
import SpottedReport

/// `GET /report`: the ledger's HTML report (`report`'s file), rendered afresh on every request
/// from the committed state, so a reload shows new epochs. `from-epoch` and `to-epoch` narrow it
/// as `--from-epoch` / `--to-epoch` do.
struct ReportRoutes: Sendable {
    let ingestor: Ingestor

    func add(to router: Router<BasicRequestContext>) {
        router.get("/report") { request, _ in
            let from = try request.query("from-epoch", as: UInt32.self)
            let to = try request.query("to-epoch", as: UInt32.self)
            let reads = ReadRoutes(ingestor: ingestor)
            let html = try await reads.report { engine throws(QueryError) in
                try LedgerReport.html(for: engine, fromEpoch: from, toEpoch: to)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
    }
}

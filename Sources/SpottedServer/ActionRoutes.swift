import Ethereum
import EventLog
import Hummingbird
import SpottedLedger

/// `POST /v1/actions` (behind the bearer token): one action object or an array of them, the
/// JSON `submit` reads (``ActionJSON``). Each action is answered once its group commit is
/// durable, or with its refusal; the answers are `submit --json`'s result lines
/// (``SubmitReport/Line``, `line` = the action's 1-based place in the body).
///
/// One object: 200 with its line, or the error report (409 for a refusal, naming the rule and for a
/// duplicate the logged sequence). An array: one line per action in order; 200 when all were
/// appended, else 409. A body that does not decode: 400 naming the field, nothing submitted.
struct ActionRoutes: Sendable {
    let ingestor: Ingestor
    let maxBodyBytes: Int

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.post("/v1/actions") { request, _ in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: maxBodyBytes))
            let actions: [Action]
            do throws(ActionJSONError) { actions = try ActionJSON.decode(body) } catch {
                throw APIError(.badRequest, ErrorReport(error))
            }
            let results = await ingestor.submit(actions)
            let lines = zip(actions, results).enumerated().map { i, pair in
                SubmitReport.Line(line: i + 1, action: pair.0, result: pair.1)
            }
            if !Self.isArray(body), let only = lines.first {
                guard let refusal = only.error else { return JSONResponse.make(only) }
                throw APIError(Self.status(of: results[0]), refusal)
            }
            let allAppended = lines.allSatisfy { $0.error == nil }
            return JSONResponse.make(lines, status: allAppended ? .ok : .conflict)
        }
    }

    /// The status of a refused submission: 409 for a rule or a repeat, 503 for a failing ledger.
    static func status(of result: Result<Envelope, EngineError>) -> HTTPResponse.Status {
        if case .failure(let error) = result { APIError.status(of: error) } else { .ok }
    }

    /// Whether the body is a JSON array (its first non-space byte is `[`).
    static func isArray(_ body: [UInt8]) -> Bool {
        body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    }
}

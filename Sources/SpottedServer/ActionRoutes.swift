import Ethereum
import EventLog
import Hummingbird
import SpottedLedger

/// `POST /v1/actions` (behind the bearer token): one action object or an array of them, the
/// JSON `submit` reads. Each action is answered once its commit is durable, or with its refusal.
///
/// One object: 200 with its receipt, or the error report (409 for a refusal, naming the rule and
/// for a duplicate the sequence). An array: one item per action in order, each a receipt or an
/// error report; 200 when all were appended, else 409.
struct ActionRoutes: Sendable {
    let backend: any LedgerBackend
    let maxBodyBytes: Int

    /// An appended action: its sequence and chained hash.
    struct Receipt: Encodable, Sendable {
        /// The entry's sequence number.
        var sequence: UInt64
        /// The entry's hash.
        var hash: Word
    }

    /// One item of an array's answer: a receipt or an error.
    enum Item: Encodable, Sendable {
        case appended(Receipt)
        case refused(ErrorReport)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .appended(let r): try r.encode(to: encoder)
            case .refused(let e): try e.encode(to: encoder)
            }
        }
    }

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.post("/v1/actions") { request, _ in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: maxBodyBytes))
            let actions = try ActionDecoding.decode(body)
            let results = await backend.submit(actions)
            if !Self.isArray(body), let only = results.first {
                switch only {
                case .success(let e):
                    return JSONResponse.make(Receipt(sequence: e.sequence, hash: e.hash))
                case .failure(let error): throw APIError(error)
                }
            }
            let items = results.map { result -> Item in
                switch result {
                case .success(let e): .appended(Receipt(sequence: e.sequence, hash: e.hash))
                case .failure(let error): .refused(APIError(error).report)
                }
            }
            let allAppended = items.allSatisfy { if case .appended = $0 { true } else { false } }
            return JSONResponse.make(items, status: allAppended ? .ok : .conflict)
        }
    }

    /// Whether the body is a JSON array (its first non-space byte is `[`).
    static func isArray(_ body: [UInt8]) -> Bool {
        body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    }
}

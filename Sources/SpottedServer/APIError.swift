import Hummingbird
import SpottedLedger

/// An HTTP failure with the body every error of the API has: the `--json` error report
/// (docs/schemas/error.schema.json) under the status that classifies it.
public struct APIError: Error, HTTPResponseError {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The body: code, rule, field, sequence, message.
    public var report: ErrorReport

    /// An error answered with `status` and `report`.
    public init(_ status: HTTPResponse.Status, _ report: ErrorReport) {
        self.status = status
        self.report = report
    }

    /// An error whose report is `detail` (a `submit` result line's error).
    init(_ status: HTTPResponse.Status, _ detail: ErrorReport.Detail) {
        self.init(
            status,
            ErrorReport(
                code: detail.code, rule: detail.rule, field: detail.field,
                sequence: detail.sequence, message: detail.message))
    }

    /// A query parameter or path segment `field` that cannot be used: 400 naming it.
    static func badParameter(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, ErrorReport(code: "BadArgument", field: field, message: message))
    }

    /// A query's failure: 400 for a bad argument, 404 for nothing found, 409 for a refusal or a
    /// duplicate, 503 for a damaged or failing ledger.
    init(_ failure: QueryError) {
        let report = ErrorReport(failure)
        switch failure {
        case .badArgument: self.init(.badRequest, report)
        case .notFound: self.init(.notFound, report)
        case .engine(let error): self.init(Self.status(of: error), report)
        case .importRefused, .unreadableInput: self.init(.badRequest, report)
        case .exportFailed: self.init(.internalServerError, report)
        }
    }

    /// An engine failure: 409 when the protocol or the duplicate check refused the action
    /// (nothing appended), 503 when the ledger itself failed.
    init(_ failure: EngineError) { self.init(QueryError.engine(failure)) }

    /// The status of an engine failure.
    static func status(of error: EngineError) -> HTTPResponse.Status {
        switch error {
        case .refused, .duplicate, .notWriter: .conflict
        case .log, .corrupt, .mustReopen, .snapshotMismatch, .shuttingDown, .replication:
            .serviceUnavailable
        }
    }

    /// Any error thrown while answering: an `APIError` as it is, Hummingbird's own (no route,
    /// body too large) in the report shape, anything else a 500 with its text.
    static func from(_ error: any Error) -> APIError {
        if let api = error as? APIError { return api }
        if let query = error as? QueryError { return APIError(query) }
        if let engine = error as? EngineError { return APIError(engine) }
        if let http = error as? any HTTPResponseError {
            switch http.status {
            case .notFound:
                return APIError(.notFound, ErrorReport(code: "NotFound", message: "no such route"))
            case .contentTooLarge:
                return APIError(
                    .contentTooLarge,
                    ErrorReport(
                        code: "BodyTooLarge", field: "body",
                        message: "the request body is larger than the server's --max-body-bytes"))
            default:
                return APIError(
                    http.status,
                    ErrorReport(
                        code: http.status.reasonPhrase.replacing(" ", with: ""), message: "\(error)"
                    ))
            }
        }
        return APIError(.internalServerError, ErrorReport(code: "Failed", message: "\(error)"))
    }

    /// The response: the report as compact JSON.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(report, status: status)
    }
}

/// Turns every error a route or Hummingbird throws into an ``APIError`` response, so every
/// failure of the API has the error report's shape (unknown routes included).
struct ErrorReportMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes, to tell a wrong method (405) from an unknown path (404).
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var api = APIError.from(error)
            let allowed = api.status == .notFound ? routes.methods(for: request.uri.path) : []
            if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                api = APIError(
                    .methodNotAllowed,
                    ErrorReport(
                        code: "MethodNotAllowed",
                        message:
                            "\(request.method) is not served on \(request.uri.path); use \(allowed.joined(separator: ", "))"
                    ))
                var response = JSONResponse.make(api.report, status: api.status)
                if let allow = HTTPFields.Element.Name("Allow") {
                    response.headers[allow] = allowed.joined(separator: ", ")
                }
                return response
            }
            if api.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "path": "\(request.uri.path)", "error": "\(api.report.error.message)",
                    ])
            }
            return JSONResponse.make(api.report, status: api.status)
        }
    }
}

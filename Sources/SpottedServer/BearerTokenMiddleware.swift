import Hummingbird
import SpottedLedger

/// Lets a write through only with `Authorization: Bearer <token>`: a missing or wrong token is
/// a 401; a server started without a token refuses every write with a 403 saying how to set one.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The token writes must carry, nil when none is configured.
    let token: String?

    func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token else {
            throw APIError(
                .forbidden,
                ErrorReport(
                    code: "WritesDisabled", field: "token",
                    message:
                        "this server accepts no writes: start it with --token-file PATH or the SPOTTED_TOKEN environment variable, then send Authorization: Bearer <token>"
                ))
        }
        let given = request.headers[.authorization]
        guard let given, given.hasPrefix("Bearer "),
            Self.equal(Array(given.dropFirst(7).utf8), Array(token.utf8))
        else {
            throw APIError(
                .unauthorized,
                ErrorReport(
                    code: "Unauthorized", field: "Authorization",
                    message: given == nil
                        ? "writes need the header Authorization: Bearer <token>"
                        : "the bearer token is wrong"))
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the bytes differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

import Ethereum
import Foundation
import Hummingbird
import SpottedLedger

/// `POST /v1/check-signature`: ERC-1271 `isValidSignature` on the main registry or a replica,
/// as `check-signature --json` answers it. A read: no token needed.
struct SignatureRoutes: Sendable {
    let ingestor: Ingestor
    let maxBodyBytes: Int

    /// The request body: the digest, the signature data, and optionally a destination chain.
    struct CheckRequest: Decodable {
        var digest: String
        var signatureData: String
        var chainId: String?
    }

    func add(to router: Router<BasicRequestContext>) {
        router.post("/v1/check-signature") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: maxBodyBytes)
            let check = try BodyJSON.decode(CheckRequest.self, from: Data(buffer: body))
            let digest: Word
            do { digest = try Word(hex: check.digest) } catch {
                throw APIError.badParameter("digest", "digest: \(error)")
            }
            let data: [UInt8]
            do { data = try Hex.decode(check.signatureData) } catch {
                throw APIError.badParameter("signatureData", "signatureData: \(error)")
            }
            let chain = try Self.chain(check.chainId)
            let report = try await ingestor.read { engine in
                try engine.checkSignature(digest: digest, signatureData: data, chainId: chain)
            }
            return JSONResponse.make(report)
        }
    }

    /// The destination chain of the request, nil for the main registry.
    static func chain(_ text: String?) throws(APIError) -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text) else {
            throw .badParameter("chainId", "chainId '\(text)' is not a decimal chain id")
        }
        return value
    }
}

/// Decoding a JSON request body into a `Decodable`, refusing malformed JSON with a 400 naming
/// the field at fault.
enum BodyJSON {
    /// `T` decoded from `data`; a 400 `BadRequestBody` naming the field otherwise.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(APIError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError
        {
            let (field, message) = describe(error)
            throw APIError(
                .badRequest, ErrorReport(code: "BadRequestBody", field: field, message: message))
        } catch {
            throw APIError(.badRequest, ErrorReport(code: "BadRequestBody", message: "\(error)"))
        }
    }

    /// The field a decoding error names (dotted path) and its message.
    static func describe(_ error: DecodingError) -> (String?, String) {
        func path(_ keys: [any CodingKey]) -> String? {
            keys.isEmpty
                ? nil
                : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }
                    .joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let c):
            let field = path(c.codingPath + [key]) ?? key.stringValue
            return (field, "missing field '\(field)'")
        case .typeMismatch(let type, let c):
            return (path(c.codingPath), "field '\(path(c.codingPath) ?? "body")' must be \(type)")
        case .valueNotFound(let type, let c):
            return (
                path(c.codingPath),
                "field '\(path(c.codingPath) ?? "body")' must be \(type), not null"
            )
        case .dataCorrupted(let c):
            return (path(c.codingPath) ?? "body", "malformed JSON: \(c.debugDescription)")
        @unknown default:
            return ("body", "malformed JSON")
        }
    }
}

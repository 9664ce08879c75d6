import Ethereum
import Hummingbird

/// Reading a request's query parameters and path segments, refusing a bad one with a 400 that
/// names it.
extension Request {
    /// Query parameter `name` as a `T`, nil when absent; a value that does not parse is a 400
    /// naming `name`.
    func query<T: LosslessStringConvertible>(_ name: String, as: T.Type) throws(APIError) -> T? {
        guard let text = uri.queryParameters[name[...]] else { return nil }
        guard let value = T(String(text)) else {
            throw .badParameter(
                name, "query parameter '\(name)' = '\(text)' is not a valid \(T.self)")
        }
        return value
    }

    /// Query parameter `name` as text, nil when absent.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }
}

extension RequestContext {
    /// Path segment `name` as an address; anything else is a 400 naming it.
    func address(_ name: String) throws(APIError) -> Address {
        let text = parameters.get(name) ?? ""
        do { return try Address(text) } catch {
            throw .badParameter(name, "'\(text)' is not an address (0x + 40 hex digits): \(error)")
        }
    }

    /// Path segment `name` as a 32-byte word; anything else is a 400 naming it.
    func word(_ name: String) throws(APIError) -> Word {
        let text = parameters.get(name) ?? ""
        do { return try Word(hex: text) } catch {
            throw .badParameter(name, "'\(text)' is not 0x + 64 hex digits: \(error)")
        }
    }
}

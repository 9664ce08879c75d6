import Ethereum

/// A JSON-RPC 2.0 error object: code, message naming the field or rule, optional data (revert
/// bytes as `0x…` hex for a contract refusal, as Ethereum nodes return them).
public struct JSONRPCError: Error, Hashable, Sendable {
    /// The JSON-RPC error code.
    public let code: Int
    /// The message, naming the field or rule.
    public let message: String
    /// Revert data (custom error selector and ABI-encoded arguments), if any.
    public let data: [UInt8]?

    /// An error with every field given.
    public init(code: Int, message: String, data: [UInt8]? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// -32700: the body is not JSON.
    public static func parse(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: -32700, message: "parse error: \(reason)")
    }

    /// -32600: the JSON is not a request object.
    public static func invalidRequest(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: -32600, message: "invalid request: \(reason)")
    }

    /// -32601: no such method.
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: -32601, message: "method not found: \(method)")
    }

    /// -32602: a parameter is missing or malformed; `field` names it.
    public static func invalidParams(_ field: String, _ reason: String) -> JSONRPCError {
        JSONRPCError(code: -32602, message: "invalid params: \(field): \(reason)")
    }

    /// -32000: the ledger refuses (nonce, chain, unknown transaction…).
    public static func refused(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: -32000, message: reason)
    }

    /// 3: execution reverted with `data` (geth's code for a revert with data).
    public static func reverted(_ reason: String, data: [UInt8]) -> JSONRPCError {
        JSONRPCError(code: 3, message: "execution reverted: \(reason)", data: data)
    }

    /// -32603: the ledger failed (storage); the message says how.
    public static func internalError(_ reason: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "internal error: \(reason)")
    }
}

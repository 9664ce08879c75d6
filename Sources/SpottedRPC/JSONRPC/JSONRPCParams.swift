import Ethereum
import SpottedLedger

/// The positional parameters of one request, read by index with errors naming the field.
struct JSONRPCParams {
    let items: [JSONValue]
    let method: String

    init(_ value: JSONValue?, method: String) throws(JSONRPCError) {
        self.method = method
        switch value {
        case nil, .null?: items = []
        case .array(let list)?: items = list
        default: throw .invalidParams("params", "must be an array")
        }
    }

    /// The parameter at `index`, or an error naming `field` when it is missing.
    func value(_ index: Int, _ field: String) throws(JSONRPCError) -> JSONValue {
        guard index < items.count, items[index] != .null else {
            throw .invalidParams(field, "missing")
        }
        return items[index]
    }

    /// The parameter at `index` if present and not null.
    func optional(_ index: Int) -> JSONValue? {
        index < items.count && items[index] != .null ? items[index] : nil
    }

    /// A string parameter.
    func string(_ index: Int, _ field: String) throws(JSONRPCError) -> String {
        try Self.string(value(index, field), field)
    }

    static func string(_ value: JSONValue, _ field: String) throws(JSONRPCError) -> String {
        guard case .string(let text) = value else {
            throw .invalidParams(field, "must be a string, not \(value.typeName)")
        }
        return text
    }

    /// `0x`-prefixed hex bytes (DATA).
    static func data(_ value: JSONValue, _ field: String) throws(JSONRPCError) -> [UInt8] {
        let text = try string(value, field)
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw .invalidParams(field, "hex data must start with 0x")
        }
        do { return try Hex.decode(text) } catch {
            throw .invalidParams(field, "\(error)")
        }
    }

    /// An address (20 bytes hex, checksum checked when mixed case).
    static func address(_ value: JSONValue, _ field: String) throws(JSONRPCError) -> Address {
        let text = try string(value, field)
        do { return try Address(text) } catch {
            throw .invalidParams(field, "\(error)")
        }
    }

    /// A 32-byte hash.
    static func hash(_ value: JSONValue, _ field: String) throws(JSONRPCError) -> Word {
        let bytes = try data(value, field)
        guard bytes.count == 32 else {
            throw .invalidParams(field, "a hash is 32 bytes, got \(bytes.count)")
        }
        return bytes.withUnsafeBytes { Word(loading: $0) }
    }

    /// A QUANTITY: `0x` + hex without leading zeros, at most 64 bits here.
    static func quantity(_ value: JSONValue, _ field: String) throws(JSONRPCError) -> UInt64 {
        let text = try string(value, field)
        guard text.hasPrefix("0x"), text.count > 2, text.count <= 18,
            let number = UInt64(text.dropFirst(2), radix: 16)
        else {
            throw .invalidParams(field, "must be a 0x-prefixed hex quantity of at most 64 bits")
        }
        return number
    }

    /// A block tag: `latest`, `pending`, `safe`, `finalized`, `earliest` or a quantity; nil = latest.
    static func block(_ value: JSONValue?, _ field: String) throws(JSONRPCError) -> UInt64? {
        guard let value else { return nil }
        if case .object = value { throw .invalidParams(field, "block hashes are not supported") }
        let text = try string(value, field)
        switch text {
        case "latest", "pending", "safe", "finalized": return nil
        case "earliest": return 0
        default: return try quantity(value, field)
        }
    }

    /// The member `key` of an object parameter.
    static func member(_ object: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = object else { return nil }
        return members.first { $0.key == key }.flatMap { $0.value == .null ? nil : $0.value }
    }
}

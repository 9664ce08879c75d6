import Ethereum

/// ABI values from JSON, by their declared type: the inverse of how listings show them
/// (``DecodedValue``): integers as decimal strings (or JSON integers, or `0x` hex strings), bytes
/// as `0x` hex, addresses EIP-55 or lower case, booleans as JSON booleans, strings as strings,
/// arrays and tuples as JSON arrays.
enum ABIJSON {
    /// The value of `type` that `json` writes; `path` names it in errors.
    static func value(_ json: JSONValue, as type: ABIType, at path: String) throws(ActionJSONError)
        -> ABIValue
    {
        switch type {
        case .uint(let bits):
            return .uint(try unsigned(json, bits: bits, at: path))
        case .int:
            throw ActionJSONError(field: path, message: "signed integers are not accepted")
        case .address:
            guard case .string(let text) = json else {
                throw expected("an address string", json, path)
            }
            do { return .address(try Address(text)) } catch {
                throw ActionJSONError(field: path, message: error.description)
            }
        case .bool:
            guard case .bool(let b) = json else { throw expected("true or false", json, path) }
            return .bool(b)
        case .fixedBytes(let n):
            return .fixedBytes(try bytes(json, count: n, at: path))
        case .bytes:
            return .bytes(try bytes(json, count: nil, at: path))
        case .string:
            guard case .string(let s) = json else { throw expected("a string", json, path) }
            return .string(s)
        case .array(let element):
            guard case .array(let items) = json else { throw expected("an array", json, path) }
            return .array(try list(items, as: Array(repeating: element, count: items.count), path))
        case .fixedArray(let element, let n):
            guard case .array(let items) = json, items.count == n else {
                throw expected("an array of \(n)", json, path)
            }
            return .array(try list(items, as: Array(repeating: element, count: n), path))
        case .tuple(let members):
            guard case .array(let items) = json, items.count == members.count else {
                throw expected("an array of \(members.count) (\(type))", json, path)
            }
            return .tuple(try list(items, as: members, path))
        }
    }

    /// Element values, each at `path[i]`.
    private static func list(_ items: [JSONValue], as types: [ABIType], _ path: String)
        throws(ActionJSONError) -> [ABIValue]
    {
        var values = [ABIValue]()
        values.reserveCapacity(items.count)
        for (i, (item, type)) in zip(items, types).enumerated() {
            values.append(try value(item, as: type, at: "\(path)[\(i)]"))
        }
        return values
    }

    /// An unsigned integer of at most `bits` bits.
    private static func unsigned(_ json: JSONValue, bits: Int, at path: String)
        throws(ActionJSONError) -> UInt256
    {
        let text: String
        switch json {
        case .string(let s): text = s
        case .number(let s): text = s
        default: throw expected("a decimal string", json, path)
        }
        guard let v = UInt256(text) else {
            throw ActionJSONError(
                field: path, message: "\"\(text)\" is not an unsigned integer (decimal or 0x hex)")
        }
        guard v.fits(bits: bits) else {
            throw ActionJSONError(field: path, message: "\(text) does not fit uint\(bits)")
        }
        return v
    }

    /// `0x` hex bytes, exactly `count` of them when given.
    private static func bytes(_ json: JSONValue, count: Int?, at path: String)
        throws(ActionJSONError) -> [UInt8]
    {
        guard case .string(let text) = json else { throw expected("0x hex", json, path) }
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw ActionJSONError(
                field: path, message: "expected 0x hex, found \"\(text.prefix(20))\"")
        }
        let decoded: [UInt8]
        do { decoded = try Hex.decode(text) } catch {
            throw ActionJSONError(field: path, message: "\(error)")
        }
        if let count, decoded.count != count {
            throw ActionJSONError(
                field: path, message: "expected \(count) bytes, found \(decoded.count)")
        }
        return decoded
    }

    private static func expected(_ what: String, _ json: JSONValue, _ path: String)
        -> ActionJSONError
    {
        ActionJSONError(field: path, message: "expected \(what), found \(json.typeName)")
    }
}

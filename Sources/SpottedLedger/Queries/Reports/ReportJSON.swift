import Ethereum

/// Renders a report as compact JSON with its keys in declaration order, so the same report prints
/// byte for byte the same: the `--json` output of the tool, and the body an HTTP API would send.
///
/// The JSON contract (docs/cli.md, schemas in docs/schemas/): an integer whose type is 64-bit
/// unsigned or wider (`UInt64`, `UInt`, ``UInt256``: sequences, blocks, timestamps, chain ids, wei,
/// WAD, shares, weights) is a decimal string, so no reader rounds it past 2^53; narrower and signed
/// integers (`UInt32` epochs, `Int` counts) are numbers. An absent value is `null` and its key is
/// always written (`encodeIfPresent` writes `null`). An `Address` is its EIP-55 text, a `Word` 0x hex.
///
/// ```swift
/// print(try ReportJSON.render(engine.stats()))
/// ```
public enum ReportJSON {
    /// The compact JSON text of `report`.
    public static func render(_ report: some Encodable) throws(ReportEncodingError) -> String {
        let encoder = TreeEncoder()
        do { try report.encode(to: encoder) } catch {
            throw ReportEncodingError(description: "\(error)")
        }
        return encoder.storage.root.rendered
    }
}

/// A report that could not be rendered (a value its encoder does not support).
public struct ReportEncodingError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
}

/// A JSON value with ordered keys.
indirect enum JSONNode {
    case null
    case string(String)
    case number(String)
    case bool(Bool)
    case array([JSONNode])
    case object([(String, JSONNode)])

    /// The one place an integer's JSON form is decided: a decimal string for 64-bit unsigned
    /// types (they can exceed 2^53, where JSON readers round), a number for the rest.
    static func integer<T: FixedWidthInteger>(_ value: T) -> JSONNode {
        !T.isSigned && T.bitWidth >= 64 ? .string(String(value)) : .number(String(value))
    }

    /// The value as compact JSON text.
    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    /// Appends the value as compact JSON text to `out` (one buffer, no intermediate strings).
    func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.quote(field.0, into: &out)
                out += ":"
                field.1.render(into: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal.
    static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// Appends `s` as a JSON string literal: copied whole when nothing in it needs escaping.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        defer { out += "\"" }
        guard s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else {
            out += s
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}

/// A node under construction: containers are filled after they are handed out, so they are boxes.
final class NodeBox {
    enum Content {
        case value(JSONNode)
        case array([NodeBox])
        case object([(String, NodeBox)])
    }
    var content: Content = .value(.null)

    var root: JSONNode {
        switch content {
        case .value(let node): node
        case .array(let items): .array(items.map(\.root))
        case .object(let fields): .object(fields.map { ($0.0, $0.1.root) })
        }
    }
}

/// The node a report value becomes when ``ReportJSON`` writes it specially: a ``UInt256`` as a
/// decimal string, like every unsigned integer of 64 bits or more (``JSONNode/integer(_:)``).
func specialNode(_ value: some Encodable) -> JSONNode? {
    (value as? UInt256).map { .string($0.description) }
}

/// An `Encoder` that builds a ``JSONNode`` tree, keeping keys in the order they are encoded.
struct TreeEncoder: Encoder {
    var storage = NodeBox()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(box: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.content {} else { storage.content = .array([]) }
        return UnkeyedNodeContainer(box: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(box: storage, codingPath: codingPath)
    }

    /// Encodes `value` into `box`, writing report value types as ``ReportJSON`` documents.
    static func encode(_ value: some Encodable, into box: NodeBox, codingPath: [any CodingKey])
        throws
    {
        if let node = specialNode(value) {
            box.content = .value(node)
            return
        }
        try value.encode(to: TreeEncoder(storage: box, codingPath: codingPath))
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: NodeBox
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> NodeBox {
        let child = NodeBox()
        if case .object(var fields) = box.content {
            fields.removeAll { $0.0 == key.stringValue }
            fields.append((key.stringValue, child))
            box.content = .object(fields)
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).content = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        child(key).content = .value(.bool(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        child(key).content = .value(.string(value))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        child(key).content = .value(.number(value.description))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        child(key).content = .value(.number(value.description))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        child(key).content = .value(.integer(value))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try TreeEncoder.encode(value, into: child(key), codingPath: codingPath + [key])
    }

    // An absent optional is written as `null` rather than left out: every key is always present.
    private mutating func encodeOrNull<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ v: Bool?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: String?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Double?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Float?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Int?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Int8?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Int16?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Int32?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: Int64?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: UInt?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: UInt8?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: UInt16?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: UInt32?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent(_ v: UInt64?, forKey key: Key) throws { try encodeOrNull(v, key) }
    mutating func encodeIfPresent<T: Encodable>(_ v: T?, forKey key: Key) throws {
        try encodeOrNull(v, key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(storage: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(storage: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        TreeEncoder(storage: box, codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(storage: child(key), codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let box: NodeBox
    var codingPath: [any CodingKey]
    var count: Int { if case .array(let items) = box.content { items.count } else { 0 } }

    private func next() -> NodeBox {
        let child = NodeBox()
        if case .array(var items) = box.content {
            items.append(child)
            box.content = .array(items)
        }
        return child
    }

    mutating func encodeNil() throws { next().content = .value(.null) }
    mutating func encode(_ value: Bool) throws { next().content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { next().content = .value(.string(value)) }
    mutating func encode(_ value: Int) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: UInt32) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: Int8) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: Int16) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: Int32) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: Int64) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: UInt) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: UInt8) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: UInt16) throws { next().content = .value(.integer(value)) }
    mutating func encode(_ value: Double) throws {
        next().content = .value(.number(value.description))
    }
    mutating func encode(_ value: Float) throws {
        next().content = .value(.number(value.description))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try TreeEncoder.encode(value, into: next(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(storage: next(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(storage: next(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        TreeEncoder(storage: next(), codingPath: codingPath)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let box: NodeBox
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { box.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { box.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws {
        box.content = .value(.number(value.description))
    }
    mutating func encode(_ value: Int) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt32) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: Int8) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: Int16) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: Int32) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: Int64) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt8) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt16) throws { box.content = .value(.integer(value)) }
    mutating func encode(_ value: Float) throws { box.content = .value(.number(value.description)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try TreeEncoder.encode(value, into: box, codingPath: codingPath)
    }
}

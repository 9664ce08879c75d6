import Ethereum
import Foundation
import SpottedProtocol

/// Actions as JSON: what `submit` reads and `POST /v1/actions` accepts.
///
/// One action is the entry shape `events --json` prints, without what the log assigns:
/// `{"kind": "add-bridge", "chainId": "1", "blockNumber": "2", "timestamp": "1700000024",
/// "sender": "0x…", "fields": {"chainId": "2", "bridge": "0x…", "receiver": "0x…"}}`.
/// The kind is named as in docs/events.md, the fields by the names and in the types its table
/// gives; integers are decimal strings (JSON integers are accepted too), bytes `0x` hex, addresses
/// EIP-55 or lower case, tuples and arrays JSON arrays. `sequence`, `hash`, `payloadBytes` and a
/// delivery's derived `batch` are ignored, so a listing can be submitted again; any other unknown
/// key is refused by name.
public enum ActionJSON {
    /// Keys an entry listing carries that the log assigns or derives: read and ignored.
    static let ignoredKeys: Set<String> = ["sequence", "hash", "payloadBytes"]

    /// Decodes one action object or an array of them.
    public static func decode(_ bytes: [UInt8]) throws(ActionJSONError) -> [Action] {
        let value = try parse(bytes)
        if case .array(let items) = value {
            var actions = [Action]()
            actions.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                do throws(ActionJSONError) { actions.append(try action(item)) } catch {
                    throw ActionJSONError(field: error.field, message: error.message, index: i)
                }
            }
            return actions
        }
        return [try action(value)]
    }

    /// Decodes one JSON line holding one action.
    public static func decodeLine(_ bytes: some Collection<UInt8>) throws(ActionJSONError) -> Action
    {
        try action(try parse(Array(bytes)))
    }

    /// Parses JSON text.
    static func parse(_ bytes: [UInt8]) throws(ActionJSONError) -> JSONValue {
        do throws(JSONValue.ParseError) {
            return try JSONValue.parse(bytes)
        } catch {
            throw ActionJSONError(field: "$", message: "malformed JSON (\(error))")
        }
    }

    /// The action an object describes.
    static func action(_ value: JSONValue) throws(ActionJSONError) -> Action {
        guard case .object(let members) = value else {
            throw ActionJSONError(
                field: "$", message: "expected an object, found \(value.typeName)")
        }
        var object = [String: JSONValue]()
        for m in members { object[m.key] = m.value }
        let top: Set<String> = ["kind", "chainId", "blockNumber", "timestamp", "sender", "fields"]
        for key in object.keys.sorted() where !top.contains(key) && !ignoredKeys.contains(key) {
            throw ActionJSONError(field: key, message: "unknown key")
        }
        guard case .string(let name)? = object["kind"] else {
            throw ActionJSONError(
                field: "kind", message: "required: the kind's name (docs/events.md)")
        }
        guard let kind = EventKind(name: name) else {
            throw ActionJSONError(
                field: "kind", message: "unknown kind \"\(name)\" (the kinds are in docs/events.md)"
            )
        }
        let chainId = try uint64(object["chainId"], "chainId")
        let block = try uint64(object["blockNumber"], "blockNumber")
        let timestamp = try uint64(object["timestamp"], "timestamp")
        let sender = try address(object["sender"], "sender")
        let event = try self.event(kind, object["fields"] ?? .object([]))
        return Action(
            event, chainId: chainId, blockNumber: block, timestamp: timestamp, sender: sender)
    }

    /// The event of `kind` from its fields object.
    static func event(_ kind: EventKind, _ fields: JSONValue) throws(ActionJSONError)
        -> ProtocolEvent
    {
        guard case .object(let members) = fields else {
            throw ActionJSONError(
                field: "fields", message: "expected an object, found \(fields.typeName)")
        }
        var given = [String: JSONValue]()
        for m in members { given[m.key] = m.value }
        let declared = kind.descriptor.fields
        let names = Set(declared.map(\.name))
        for key in given.keys.sorted() where !names.contains(key) {
            if kind == .deliverMessage, key == "batch" { continue }
            throw ActionJSONError(
                field: "fields.\(key)", message: "\(kind.name) has no such field")
        }
        var values = [ABIValue]()
        for field in declared {
            guard let v = given[field.name] else {
                throw ActionJSONError(
                    field: "fields.\(field.name)", message: "required (\(field.type))")
            }
            values.append(try ABIJSON.value(v, as: field.type, at: "fields.\(field.name)"))
        }
        let payload: [UInt8]
        do { payload = try ABI.encode(values, as: kind.abiTypes) } catch {
            throw ActionJSONError(field: "fields", message: "\(error)")
        }
        do {
            return try EventCodec.decode(
                kind: kind.code, schemaVersion: EventCodec.schemaVersion, payload: payload)
        } catch {
            throw ActionJSONError(field: "fields", message: error.description)
        }
    }

    /// A required unsigned 64-bit integer.
    static func uint64(_ value: JSONValue?, _ field: String) throws(ActionJSONError) -> UInt64 {
        guard let value else { throw ActionJSONError(field: field, message: "required") }
        let n = try ABIJSON.value(value, as: .uint(64), at: field)
        guard let v = n.uint?.uint64 else {
            throw ActionJSONError(field: field, message: "does not fit 64 bits")
        }
        return v
    }

    /// A required address.
    static func address(_ value: JSONValue?, _ field: String) throws(ActionJSONError) -> Address {
        guard let value else { throw ActionJSONError(field: field, message: "required") }
        guard let a = try ABIJSON.value(value, as: .address, at: field).address else {
            throw ActionJSONError(field: field, message: "expected an address")
        }
        return a
    }
}

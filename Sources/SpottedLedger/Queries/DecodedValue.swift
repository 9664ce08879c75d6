import Ethereum
import SpottedProtocol

/// One decoded field value, as `cast 4byte-decode` shows it: numbers in decimal, addresses EIP-55,
/// bytes as 0x hex, lists and tuples element by element. Reports encode it for JSON and print its
/// ``description`` in tables, so both show the same values.
public indirect enum DecodedValue: Encodable, Sendable, Hashable, CustomStringConvertible {
    /// An unsigned integer (amounts, weights, ids, epochs), in decimal.
    case number(UInt256)
    /// An address, EIP-55 checksummed.
    case address(Address)
    /// Bytes (`bytes`, `bytesN`), as 0x hex.
    case bytes(HexBytes)
    /// A bool.
    case bool(Bool)
    /// A text (an ABI string, or a name such as a message type).
    case text(String)
    /// An array's elements, in order.
    case list([DecodedValue])
    /// A tuple's components, in order.
    case tuple([DecodedValue])
    /// Named values, in order (an object in JSON: weights by operator, shares by strategy).
    case fields(OrderedFields<DecodedValue>)

    /// Bytes longer than this are shortened in ``description`` (JSON keeps them whole).
    public static let tableBytesLimit = 96

    /// The value from an ABI-decoded value: `int` as its two's complement text.
    public init(_ value: ABIValue) {
        switch value {
        case .uint(let v): self = .number(v)
        case .int: self = .text(value.description)
        case .address(let a): self = .address(a)
        case .bool(let b): self = .bool(b)
        case .fixedBytes(let b), .bytes(let b): self = .bytes(HexBytes(b))
        case .string(let s): self = .text(s)
        case .array(let items): self = .list(items.map(DecodedValue.init))
        case .tuple(let items): self = .tuple(items.map(DecodedValue.init))
        }
    }

    /// The value as a table shows it: bytes past ``tableBytesLimit`` shortened to their first
    /// 32 bytes and their length.
    public var description: String {
        switch self {
        case .number(let v): v.description
        case .address(let a): a.checksummed
        case .bytes(let b):
            b.bytes.count <= Self.tableBytesLimit
                ? Hex.encode(b.bytes)
                : Hex.encode(Array(b.bytes.prefix(32))) + "…(\(b.bytes.count) bytes)"
        case .bool(let b): b ? "true" : "false"
        case .text(let s): s
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .fields(let f):
            "{" + f.fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Encodes numbers as ``UInt256`` (the report renderer decides their JSON form), addresses and
    /// bytes as text, lists and tuples as arrays, named values as an object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .fields(let f): try f.encode(to: encoder)
        case .list(let items), .tuple(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        default:
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let v): try c.encode(v)
            case .address(let a): try c.encode(a)
            case .bytes(let b): try c.encode(b)
            case .bool(let b): try c.encode(b)
            case .text(let s): try c.encode(s)
            default: break
            }
        }
    }
}

extension OrderedFields: Equatable where Value: Equatable {
    /// Equal when the names and values are equal, in order.
    public static func == (a: OrderedFields, b: OrderedFields) -> Bool {
        a.fields.map(\.name) == b.fields.map(\.name)
            && a.fields.map(\.value) == b.fields.map(\.value)
    }
}

extension OrderedFields: Hashable where Value: Hashable {
    /// Hashes the names and values in order.
    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension OrAbsent: Equatable where Value: Equatable {
    /// Equal when both hold equal values, or both lack one for the same stated reason.
    public static func == (a: OrAbsent, b: OrAbsent) -> Bool {
        a.value == b.value && a.absent == b.absent
    }
}

extension OrAbsent: Hashable where Value: Hashable {
    /// Hashes the value and the reason.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(absent)
    }
}

extension OrderedFields where Value == DecodedValue {
    /// The fields as a table prints them: `name=value` separated by spaces.
    public var line: String { fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
}

/// Decodes an event's payload into its fields by name, as the ``EventKind`` table declares them.
public enum EventFields {
    /// The named fields of a stored event (decoded strictly with ``EventCodec``, as replay does).
    public static func decode(kind code: UInt16, schemaVersion: UInt16, payload: [UInt8])
        throws(EventCodec.DecodingError) -> OrderedFields<DecodedValue>
    {
        let event = try EventCodec.decode(
            kind: code, schemaVersion: schemaVersion, payload: payload)
        return fields(of: event)
    }

    /// The named fields of `event`, in its kind's field order; a delivered registry batch also
    /// gets a `batch` field: its epoch and each update decoded (``UpdateFields``).
    public static func fields(of event: ProtocolEvent) -> OrderedFields<DecodedValue> {
        var fields = EventCodec.namedFields(of: event).map {
            (name: $0.name, value: DecodedValue($0.value))
        }
        if case .deliverMessage(let delivery) = event, let batch = batch(delivery.payload) {
            fields.append((name: "batch", value: batch))
        }
        return OrderedFields(fields)
    }

    /// A bridge payload read as a registry batch `(uint256 epoch, (uint8,bytes)[])` with every
    /// update decodable; nil for any other payload (a verification result).
    static func batch(_ payload: [UInt8]) -> DecodedValue? {
        guard payload.count <= Limits.maxPayloadBytes,
            let values = try? ABI.decode(payload, as: EpochManager.batchTypes),
            let epoch = values[0].uint, let items = values[1].items
        else { return nil }
        var updates = [DecodedValue]()
        for item in items {
            guard let pair = item.items, let code = pair[0].uint?.uint64, code <= UInt8.max,
                let type = MessageType(rawValue: UInt8(code)), let data = pair[1].bytesValue,
                let decoded = UpdateFields.decode(
                    StateUpdate(type: type, data: data, sequence: 0)
                ).value
            else { return nil }
            updates.append(
                .fields(OrderedFields([(name: "type", value: .text("\(type)"))] + decoded.fields)))
        }
        return .fields(
            OrderedFields([(name: "epoch", value: .number(epoch)), ("updates", .list(updates))]))
    }
}

import Ethereum

// Report values: how the Ethereum types and the report helpers below encode. (These conformances
// belong in the Ethereum module; they live here until that module is free to change.)

extension Address: Encodable {
    /// Encodes the address as its EIP-55 checksummed text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed)
    }
}

extension Word: Encodable {
    /// Encodes the word as 0x and 64 hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension UInt256: Encodable {
    /// Encodes the number as a string of its decimal digits (JSON numbers lose precision past
    /// 2^53), in ``ReportJSON`` as in a generic encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A value a report may lack, encoded as the value or, when absent, as JSON `null` (never `""`),
/// so the key is always present; `absent` says in words why there is none, for tables.
public struct OrAbsent<Value: Encodable & Sendable>: Encodable, Sendable {
    /// The value, when there is one.
    public var value: Value?
    /// What a table shows in its place when there is none (`"none"`, `"unresolved"`).
    public var absent: String

    /// `value`, or `absent` in its place.
    public init(_ value: Value?, absent: String) {
        self.value = value
        self.absent = absent
    }

    /// Encodes the value, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// Bytes in a report, encoded as 0x hex.
public struct HexBytes: Encodable, Hashable, Sendable {
    /// The bytes.
    public var bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Encodes the bytes as 0x hex.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Hex.encode(bytes))
    }
}

/// Named values in a fixed order, encoded as one JSON object (a dictionary would lose the order).
public struct OrderedFields<Value: Encodable & Sendable>: Encodable, Sendable {
    /// The fields, in output order.
    public var fields: [(name: String, value: Value)]

    /// The fields in the given order.
    public init(_ fields: [(name: String, value: Value)]) { self.fields = fields }

    /// The value named `name`, if any.
    public subscript(name: String) -> Value? { fields.first { $0.name == name }?.value }

    /// Encodes one key per field, in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldName.self)
        for field in fields { try container.encode(field.value, forKey: FieldName(field.name)) }
    }

    private struct FieldName: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

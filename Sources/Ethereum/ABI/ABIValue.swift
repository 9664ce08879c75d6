/// A value to ABI-encode, or one the decoder produced. Pairs with an ``ABIType``.
public indirect enum ABIValue: Hashable, Sendable, CustomStringConvertible {
    /// A uintN value.
    case uint(UInt256)
    /// intN as its 256-bit two's complement.
    case int(UInt256)
    /// An address.
    case address(Address)
    /// A bool.
    case bool(Bool)
    /// A bytesN value: its N bytes.
    case fixedBytes([UInt8])
    /// A dynamic `bytes` value.
    case bytes([UInt8])
    /// A string.
    case string(String)
    /// The elements of a dynamic or fixed-length array, in order.
    case array([ABIValue])
    /// The components of a tuple, in order.
    case tuple([ABIValue])

    /// A canonical text form (used by the interop checker): uint and int in decimal, address and
    /// bytes in lower-case hex, bool as true/false, string as `utf8:` + hex, arrays `[…]`, tuples `(…)`.
    public var description: String {
        switch self {
        case .uint(let v): v.description
        case .int(let v):
            v.l0 >> 63 == 1
                ? "-" + UInt256.zero.subtractingReportingOverflow(v).partialValue.description
                : v.description
        case .address(let a): a.lowercased
        case .bool(let b): b ? "true" : "false"
        case .fixedBytes(let b), .bytes(let b): Hex.encode(b)
        case .string(let s): "utf8:" + Hex.encode(Array(s.utf8))
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ",") + ")"
        }
    }

    // Accessors for decoded values of a known type; `nil` when the case differs.
    /// The value of a `.uint`, or nil.
    public var uint: UInt256? { if case .uint(let v) = self { v } else { nil } }
    /// The value of an `.address`, or nil.
    public var address: Address? { if case .address(let v) = self { v } else { nil } }
    /// The value of a `.bool`, or nil.
    public var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }
    /// The bytes of a `.bytes` or `.fixedBytes`, or nil.
    public var bytesValue: [UInt8]? {
        switch self {
        case .bytes(let v), .fixedBytes(let v): v
        default: nil
        }
    }
    /// The items of an `.array` or `.tuple`, or nil.
    public var items: [ABIValue]? {
        switch self {
        case .array(let v), .tuple(let v): v
        default: nil
        }
    }
}

import Ethereum

/// A JSON value to write: what the handler answers, in a fixed key order.
indirect enum JSONOut: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Written as given (already valid JSON number text).
    case number(String)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    /// `0x` + minimal hex of a quantity (Ethereum's QUANTITY encoding).
    static func quantity(_ value: UInt64) -> JSONOut { .string("0x" + String(value, radix: 16)) }

    /// `0x` + minimal hex of a 256-bit quantity.
    static func quantity(_ value: UInt256) -> JSONOut {
        let digits = Hex.encode(value.word.bytes, prefix: false).drop { $0 == "0" }
        return .string("0x" + (digits.isEmpty ? "0" : String(digits)))
    }

    /// `0x` + hex of bytes (Ethereum's DATA encoding).
    static func data(_ bytes: [UInt8]) -> JSONOut { .string(Hex.encode(bytes)) }

    /// The UTF-8 bytes of this value.
    var bytes: [UInt8] {
        var out = [UInt8]()
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(n.utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0a: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func == (a: JSONOut, b: JSONOut) -> Bool { a.bytes == b.bytes }
    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

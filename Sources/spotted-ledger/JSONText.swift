/// A small JSON value with ordered keys, so `--json` output is stable byte for byte.
indirect enum JSONText {
    case string(String)
    case number(String)
    case bool(Bool)
    case array([JSONText])
    case object([(String, JSONText)])

    static func int<T: BinaryInteger>(_ value: T) -> JSONText { .number(String(value)) }

    /// Compact rendering.
    var rendered: String {
        switch self {
        case .string(let s): Self.quote(s)
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.map { Self.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
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
        return out + "\""
    }
}

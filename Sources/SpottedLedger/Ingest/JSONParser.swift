extension JSONValue {
    /// Most arrays and objects nested in one another that ``parse(_:)`` accepts.
    public static let maxDepth = 256

    /// Why a text is not JSON: what was wrong, and the byte offset where it was found.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Offset of the offending byte (the text's length when it ended too early).
        public var offset: Int
        /// What was wrong there.
        public var reason: String

        /// An error at `offset` for `reason`.
        public init(offset: Int, reason: String) {
            self.offset = offset
            self.reason = reason
        }

        /// The reason and the offset, for messages.
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Parses one JSON text (RFC 8259, UTF-8) with whitespace around it, strictly: numbers keep
    /// their text (a big integer is never rounded), members keep document order, and a repeated
    /// member name, invalid UTF-8, a lone surrogate escape, a raw control character in a string or
    /// nesting deeper than ``maxDepth`` is refused. One pass over the bytes, no Foundation.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONValue, ParseError> in
            var parser = JSONParser(bytes: buffer)
            do throws(ParseError) {
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.at == buffer.count else {
                    throw parser.error("text after the value")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The recursive-descent reader behind ``JSONValue/parse(_:)``.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// An error at the current offset.
    func error(_ reason: String) -> JSONValue.ParseError {
        JSONValue.ParseError(offset: at, reason: reason)
    }

    /// The current byte, or nil at the end.
    var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    /// Steps over spaces, tabs, line feeds and carriage returns.
    mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
    }

    /// The value starting at the next non-whitespace byte; `depth` arrays and objects enclose it.
    mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard let b = current else { throw error("the text ended where a value was expected") }
        switch b {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected \(Self.describe(b)) where a value was expected")
        }
    }

    /// Steps over `word` (`true`, `false` or `null`), which must come next.
    mutating func literal(_ word: StaticString) throws(JSONValue.ParseError) {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count,
            (0..<count).allSatisfy({ bytes[at + $0] == word.utf8Start[$0] })
        else { throw error("expected \(word)") }
        at += count
    }

    /// An array; `at` is on its `[`.
    mutating func array(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth <= JSONValue.maxDepth else {
            throw error("nested deeper than \(JSONValue.maxDepth)")
        }
        at += 1
        var items = [JSONValue]()
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            at += 1
            return .array(items)
        }
        while true {
            items.append(try value(depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"):
                at += 1
                return .array(items)
            case nil: throw error("the text ended inside an array")
            case let b?: throw error("expected ',' or ']', found \(Self.describe(b))")
            }
        }
    }

    /// An object; `at` is on its `{`.
    mutating func object(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        guard depth <= JSONValue.maxDepth else {
            throw error("nested deeper than \(JSONValue.maxDepth)")
        }
        at += 1
        var members = [(key: String, value: JSONValue)]()
        var names = Set<String>()  // built once an object has many members
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let nameOffset = at
            let name = try string()
            let repeated: Bool
            if members.count < 16 {
                repeated = members.contains { $0.key == name }
            } else {
                if names.isEmpty { names = Set(members.map(\.key)) }
                repeated = !names.insert(name).inserted
            }
            guard !repeated else {
                throw JSONValue.ParseError(
                    offset: nameOffset, reason: "repeated member \"\(name)\"")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a name") }
            at += 1
            members.append((name, try value(depth: depth)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"):
                at += 1
                return .object(members)
            case nil: throw error("the text ended inside an object")
            case let b?: throw error("expected ',' or '}', found \(Self.describe(b))")
            }
        }
    }

    /// A number's text, checked against the grammar (`-`? int frac? exp?); `at` is on its first
    /// byte.
    mutating func number() throws(JSONValue.ParseError) -> String {
        let start = at
        if current == UInt8(ascii: "-") { at += 1 }
        guard let first = current, Self.isDigit(first) else { throw error("expected a digit") }
        at += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            at += 1
            guard let d = current, Self.isDigit(d) else {
                throw error("expected a digit after '.'")
            }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            at += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { at += 1 }
            guard let d = current, Self.isDigit(d) else { throw error("expected an exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    /// Steps over decimal digits.
    mutating func skipDigits() {
        while let b = current, Self.isDigit(b) { at += 1 }
    }

    /// A string's contents; `at` is on its opening quote and ends after the closing one.
    mutating func string() throws(JSONValue.ParseError) -> String {
        at += 1
        let start = at
        var ascii = true
        // Most strings have no escape: one scan, one copy.
        while let b = current {
            if b == UInt8(ascii: "\"") {
                let text = try decode(
                    UnsafeBufferPointer(rebasing: bytes[start..<at]), ascii: ascii)
                at += 1
                return text
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("a control character in a string (escape it)") }
            if b >= 0x80 { ascii = false }
            at += 1
        }
        var unescaped = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<at]))
        while let b = current {
            switch b {
            case UInt8(ascii: "\""):
                let text = try unescaped.withUnsafeBufferPointer {
                    (u) throws(JSONValue.ParseError) -> String in try decode(u, ascii: false)
                }
                at += 1
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &unescaped)
            case 0..<0x20:
                throw error("a control character in a string (escape it)")
            default:
                unescaped.append(b)
                at += 1
            }
        }
        throw error("the text ended inside a string")
    }

    /// UTF-8 bytes of a string as a `String`, refusing invalid UTF-8.
    func decode(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) throws(JSONValue.ParseError)
        -> String
    {
        if ascii { return String(decoding: utf8, as: UTF8.self) }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw error("a string that is not valid UTF-8")
        }
        return text
    }

    /// Appends the UTF-8 of the escape at `at` (on its backslash) and steps over it.
    mutating func escape(into out: inout [UInt8]) throws(JSONValue.ParseError) {
        at += 1
        guard let b = current else { throw error("the text ended inside an escape") }
        let simple: UInt8? =
            switch b {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            out.append(simple)
            at += 1
            return
        }
        guard b == UInt8(ascii: "u") else { throw error("unknown escape \\\(Self.describe(b))") }
        var unit = try hex4()
        if (0xDC00...0xDFFF).contains(unit) { throw error("a lone low surrogate escape") }
        if (0xD800...0xDBFF).contains(unit) {
            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"),
                bytes[at + 1] == UInt8(ascii: "u")
            else { throw error("a high surrogate escape without its low half") }
            at += 1
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("a high surrogate escape without its low half")
            }
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(unit) else { throw error("an invalid \\u escape") }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// The four hex digits after the `u` at `at`, as a number; steps over all five bytes.
    mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard at + 4 < bytes.count else { throw error("the text ended inside a \\u escape") }
        var value: UInt32 = 0
        for i in 1...4 {
            let c = bytes[at + i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default:
                at += i
                throw error("expected a hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        at += 5
        return value
    }

    /// Whether `b` is an ASCII digit.
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// A byte for a message: the character when printable ASCII, else its hex.
    static func describe(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b)
            ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }
}

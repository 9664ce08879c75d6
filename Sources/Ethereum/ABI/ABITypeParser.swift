extension ABIType {
    /// Deepest nesting a parsed type may have.
    public static let maxNestingDepth = 32

    /// Parses one canonical type string: `uint256`, `bytes32`, `address[]`, `(uint8,bytes)[2]`, ….
    /// `uint`/`int` alone mean 256 bits. Empty tuples and zero-length fixed arrays are refused.
    public init(parsing text: String) throws(ABIError) {
        var parser = Parser(Array(text.utf8))
        let type = try parser.parseType(depth: 0)
        guard parser.atEnd else {
            throw .invalidType("unexpected text at \(parser.index) in \(text)")
        }
        self = type
    }

    /// Parses a parenthesised parameter list, `(T1,…,Tn)` (also `()`), into its members.
    public static func parseList(_ text: String) throws(ABIError) -> [ABIType] {
        if text == "()" { return [] }
        guard case .tuple(let members) = try ABIType(parsing: text) else {
            throw .invalidType("expected a parenthesised list: \(text)")
        }
        return members
    }

    private struct Parser {
        let text: [UInt8]
        var index = 0
        init(_ text: [UInt8]) { self.text = text }
        var atEnd: Bool { index == text.count }

        mutating func parseType(depth: Int) throws(ABIError) -> ABIType {
            guard depth < ABIType.maxNestingDepth else {
                throw .invalidType("nesting deeper than \(ABIType.maxNestingDepth)")
            }
            var type: ABIType
            if index < text.count, text[index] == UInt8(ascii: "(") {
                index += 1
                var members = [ABIType]()
                while true {
                    members.append(try parseType(depth: depth + 1))
                    guard index < text.count else { throw .invalidType("unterminated tuple") }
                    if text[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    if text[index] == UInt8(ascii: ")") {
                        index += 1
                        break
                    }
                    throw .invalidType("unexpected character in tuple at \(index)")
                }
                type = .tuple(members)
            } else {
                let start = index
                while index < text.count, isNameByte(text[index]) { index += 1 }
                type = try elementary(String(decoding: text[start..<index], as: UTF8.self))
            }
            var suffixes = 0
            while index < text.count, text[index] == UInt8(ascii: "[") {
                suffixes += 1
                guard depth + suffixes < ABIType.maxNestingDepth else {
                    throw .invalidType("nesting deeper than \(ABIType.maxNestingDepth)")
                }
                index += 1
                let start = index
                while index < text.count, text[index] >= UInt8(ascii: "0"),
                    text[index] <= UInt8(ascii: "9")
                { index += 1 }
                guard index < text.count, text[index] == UInt8(ascii: "]") else {
                    throw .invalidType("unterminated array suffix")
                }
                let digits = String(decoding: text[start..<index], as: UTF8.self)
                index += 1
                if digits.isEmpty {
                    type = .array(type)
                } else {
                    guard digits.count <= 6, let count = Int(digits), count > 0 else {
                        throw .invalidType("bad fixed array length \(digits)")
                    }
                    type = .fixedArray(type, count)
                }
            }
            return type
        }

        func isNameByte(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }

        func elementary(_ name: String) throws(ABIError) -> ABIType {
            switch name {
            case "address": return .address
            case "bool": return .bool
            case "bytes": return .bytes
            case "string": return .string
            case "uint": return .uint(256)
            case "int": return .int(256)
            default: break
            }
            for (prefix, make) in [("uint", ABIType.uint), ("int", ABIType.int)]
            where name.hasPrefix(prefix) {
                guard let bits = Int(name.dropFirst(prefix.count)), bits >= 8, bits <= 256,
                    bits % 8 == 0
                else {
                    throw .invalidType("bad integer width in \(name)")
                }
                return make(bits)
            }
            if name.hasPrefix("bytes"), let n = Int(name.dropFirst(5)), n >= 1, n <= 32 {
                return .fixedBytes(n)
            }
            throw .invalidType("unknown type '\(name)'")
        }
    }
}

/// Hexadecimal text ↔ bytes, strict: an optional `0x`, an even number of hex digits.
public enum Hex {
    /// Why a hex string was refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The text has an odd number of hex digits; the payload is that count.
        case oddLength(Int)
        /// A character that is not a hex digit, and its offset in the text.
        case invalidCharacter(Character, offset: Int)
        /// The text decodes to a byte count other than the one expected.
        case wrongLength(expectedBytes: Int, actualBytes: Int)

        /// The failure in words.
        public var description: String {
            switch self {
            case .oddLength(let n): "hex: odd number of digits (\(n))"
            case .invalidCharacter(let c, let offset):
                "hex: invalid character '\(c)' at offset \(offset)"
            case .wrongLength(let expected, let actual):
                "hex: expected \(expected) bytes, got \(actual)"
            }
        }
    }

    /// Decodes hex text, with or without a `0x` prefix.
    public static func decode(_ text: some StringProtocol) throws(Hex.Error) -> [UInt8] {
        var utf8 = Array(text.utf8)
        var prefix = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            prefix = 2
        }
        let digits = utf8.count - prefix
        guard digits % 2 == 0 else { throw .oddLength(digits) }
        var out = [UInt8]()
        out.reserveCapacity(digits / 2)
        var i = prefix
        while i < utf8.count {
            guard let hi = nibble(utf8[i]) else {
                throw .invalidCharacter(Character(UnicodeScalar(utf8[i])), offset: i)
            }
            guard let lo = nibble(utf8[i + 1]) else {
                throw .invalidCharacter(Character(UnicodeScalar(utf8[i + 1])), offset: i + 1)
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        utf8.removeAll()
        return out
    }

    /// Decodes hex text that must hold exactly `count` bytes.
    public static func decode(_ text: some StringProtocol, count: Int) throws(Hex.Error) -> [UInt8]
    {
        let bytes = try decode(text)
        guard bytes.count == count else {
            throw .wrongLength(expectedBytes: count, actualBytes: bytes.count)
        }
        return bytes
    }

    /// Lower-case hex of `bytes`, with a `0x` prefix unless `prefix` is false.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        let table: StaticString = "0123456789abcdef"
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2 + 2)
        if prefix {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "x"))
        }
        table.withUTF8Buffer { digits in
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

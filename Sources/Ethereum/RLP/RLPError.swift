/// Why RLP bytes or an RLP item were refused; every case names the byte offset or the field.
public enum RLPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends before the item that starts at `offset` (it needs `needed` bytes).
    case truncated(offset: Int, needed: Int, available: Int)
    /// A single byte below 0x80 was wrapped in a 0x81 prefix at `offset` (it encodes itself).
    case singleByteWrapped(offset: Int)
    /// A long-form length (0xb8–0xbf, 0xf8–0xff) at `offset` encodes a size below 56.
    case longFormForShortPayload(offset: Int)
    /// A long-form length at `offset` starts with a zero byte.
    case leadingZeroInLength(offset: Int)
    /// A length at `offset` does not fit in memory (over `maxPayloadBytes`).
    case lengthTooLarge(offset: Int)
    /// Bytes remain after the item: the first unconsumed byte is at `offset`.
    case trailingBytes(offset: Int)
    /// Lists nest deeper than `limit` at `offset`.
    case tooDeep(offset: Int, limit: Int)
    /// `field` should be a byte string but is a list.
    case expectedBytes(field: String)
    /// `field` should be a list but is a byte string.
    case expectedList(field: String)
    /// The integer `field` has a leading zero byte (not canonical).
    case leadingZeroInteger(field: String)
    /// The integer `field` is wider than `maxBits`.
    case integerTooLarge(field: String, maxBits: Int)
    /// `field` has the wrong number of bytes.
    case wrongLength(field: String, expectedBytes: Int, actualBytes: Int)
    /// A list has the wrong number of items for what it encodes.
    case wrongItemCount(field: String, expected: Int, actual: Int)

    /// The failure in words, naming the position or field.
    public var description: String {
        switch self {
        case .truncated(let offset, let needed, let available):
            "rlp: item at byte \(offset) needs \(needed) bytes, \(available) available"
        case .singleByteWrapped(let offset):
            "rlp: byte string at \(offset) wraps a single byte < 0x80 (non-canonical)"
        case .longFormForShortPayload(let offset):
            "rlp: long-form length at \(offset) for a payload under 56 bytes (non-canonical)"
        case .leadingZeroInLength(let offset):
            "rlp: length at \(offset) has a leading zero byte (non-canonical)"
        case .lengthTooLarge(let offset): "rlp: length at \(offset) is too large"
        case .trailingBytes(let offset): "rlp: trailing bytes after the item, from byte \(offset)"
        case .tooDeep(let offset, let limit):
            "rlp: lists nest deeper than \(limit) at byte \(offset)"
        case .expectedBytes(let field): "rlp: \(field) must be a byte string, not a list"
        case .expectedList(let field): "rlp: \(field) must be a list, not a byte string"
        case .leadingZeroInteger(let field): "rlp: integer \(field) has a leading zero byte"
        case .integerTooLarge(let field, let maxBits):
            "rlp: integer \(field) is wider than \(maxBits) bits"
        case .wrongLength(let field, let expected, let actual):
            "rlp: \(field) has \(actual) bytes, expected \(expected)"
        case .wrongItemCount(let field, let expected, let actual):
            "rlp: \(field) has \(actual) items, expected \(expected)"
        }
    }
}

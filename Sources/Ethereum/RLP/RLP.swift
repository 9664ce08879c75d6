/// Recursive Length Prefix encoding, strict as go-ethereum's `rlp` package decodes it: canonical
/// sizes only, a single byte below 0x80 never wrapped, and the whole input consumed.
///
/// ```swift
/// RLP.encode(.list([.bytes(Array("cat".utf8)), .bytes(Array("dog".utf8))]))
/// // c8 83 63 61 74 83 64 6f 67
/// ```
public enum RLP {
    /// Deepest list nesting accepted by ``decode(_:)``.
    public static let maxDepth = 64
    /// Largest payload size a length prefix may state (far above any transaction).
    public static let maxPayloadBytes = 1 << 32

    /// The encoding of `item`.
    public static func encode(_ item: RLPItem) -> [UInt8] {
        var out = [UInt8]()
        append(item, to: &out)
        return out
    }

    /// Appends the encoding of `item` to `out`.
    public static func append(_ item: RLPItem, to out: inout [UInt8]) {
        switch item {
        case .bytes(let value):
            if value.count == 1 && value[0] < 0x80 {
                out.append(value[0])
            } else {
                appendHeader(count: value.count, shortBase: 0x80, to: &out)
                out.append(contentsOf: value)
            }
        case .list(let items):
            var payload = [UInt8]()
            for element in items { append(element, to: &payload) }
            appendHeader(count: payload.count, shortBase: 0xc0, to: &out)
            out.append(contentsOf: payload)
        }
    }

    /// The minimal big-endian bytes of `value` (empty for zero).
    public static func minimalBytes(_ value: UInt256) -> [UInt8] {
        Array(value.word.bytes.drop { $0 == 0 })
    }

    /// The one item that `bytes` encodes, refusing anything non-canonical or left over.
    public static func decode(_ bytes: [UInt8]) throws(RLPError) -> RLPItem {
        var reader = RLPReader(bytes: bytes)
        let item = try reader.item(depth: 0)
        guard reader.offset == bytes.count else { throw .trailingBytes(offset: reader.offset) }
        return item
    }

    private static func appendHeader(count: Int, shortBase: UInt8, to out: inout [UInt8]) {
        if count < 56 {
            out.append(shortBase + UInt8(count))
            return
        }
        let size = minimalBytes(UInt256(UInt64(count)))
        out.append(shortBase + 55 + UInt8(size.count))
        out.append(contentsOf: size)
    }
}

/// A cursor over RLP bytes; each read checks bounds and canonical form at its offset.
struct RLPReader {
    let bytes: [UInt8]
    var offset = 0
    /// The end of the innermost enclosing list's payload (the input's end at the top).
    var limit: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        limit = bytes.count
    }

    /// The item at `offset`, advancing past it.
    mutating func item(depth: Int) throws(RLPError) -> RLPItem {
        let start = offset
        guard start < limit else {
            throw .truncated(offset: start, needed: 1, available: 0)
        }
        let prefix = bytes[start]
        switch prefix {
        case 0x00..<0x80:
            offset += 1
            return .bytes([prefix])
        case 0x80..<0xc0:
            let (payloadStart, count) = try header(at: start, shortBase: 0x80)
            if count == 1 && bytes[payloadStart] < 0x80 { throw .singleByteWrapped(offset: start) }
            offset = payloadStart + count
            return .bytes(Array(bytes[payloadStart..<offset]))
        default:
            guard depth < RLP.maxDepth else { throw .tooDeep(offset: start, limit: RLP.maxDepth) }
            let (payloadStart, count) = try header(at: start, shortBase: 0xc0)
            let outerLimit = limit
            limit = payloadStart + count
            offset = payloadStart
            var items = [RLPItem]()
            while offset < limit { items.append(try item(depth: depth + 1)) }
            limit = outerLimit
            return .list(items)
        }
    }

    /// The payload's start and size for the header at `start`, checked against the input's end.
    private func header(at start: Int, shortBase: UInt8) throws(RLPError) -> (Int, Int) {
        let prefix = Int(bytes[start] - shortBase)
        var payloadStart = start + 1
        var count = prefix
        if prefix >= 56 {
            let sizeBytes = prefix - 55
            guard sizeBytes <= limit - start - 1 else {
                throw .truncated(offset: start, needed: 1 + sizeBytes, available: limit - start)
            }
            guard bytes[start + 1] != 0 else { throw .leadingZeroInLength(offset: start) }
            count = 0
            for index in 0..<sizeBytes {
                guard count < RLP.maxPayloadBytes >> 8 else { throw .lengthTooLarge(offset: start) }
                count = count << 8 | Int(bytes[start + 1 + index])
            }
            guard count >= 56 else { throw .longFormForShortPayload(offset: start) }
            payloadStart += sizeBytes
        }
        guard count <= limit - payloadStart else {
            throw .truncated(
                offset: start, needed: payloadStart - start + count, available: limit - start)
        }
        return (payloadStart, count)
    }
}

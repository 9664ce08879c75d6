import SpottedProtocol
import Testing

/// Only the canonical bytes of a state decode: map keys and set elements must ascend strictly, so
/// whatever decodes re-encodes to the same bytes (and hashes to the same root).
@Suite struct CanonicalCodingTests {
    static func encodedMap(_ entries: [(UInt64, UInt64)]) -> [UInt8] {
        var e = CanonicalEncoder()
        e.count(entries.count)
        for (k, v) in entries {
            e.u64(k)
            e.u64(v)
        }
        return e.bytes
    }

    static func decodeMap(_ bytes: [UInt8]) throws(CanonicalDecoder.Error) -> [UInt64: UInt64] {
        var d = CanonicalDecoder(bytes)
        return try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.u64()) }
    }

    @Test("a map decodes only with its keys ascending; the encoder writes them so")
    func mapOrder() throws {
        var e = CanonicalEncoder()
        let map: [UInt64: UInt64] = [3: 30, 1: 10, 2: 20]
        e.map(map) { e, k, v in
            e.u64(k)
            e.u64(v)
        }
        #expect(e.bytes == Self.encodedMap([(1, 10), (2, 20), (3, 30)]))
        #expect(try Self.decodeMap(e.bytes) == map)
        let swapped = #expect(throws: CanonicalDecoder.Error.self) {
            try Self.decodeMap(Self.encodedMap([(1, 10), (3, 30), (2, 20)]))
        }
        #expect(swapped?.description == "byte 40: keys not in ascending order")
        let duplicate = #expect(throws: CanonicalDecoder.Error.self) {
            try Self.decodeMap(Self.encodedMap([(1, 10), (1, 11)]))
        }
        #expect(duplicate?.description == "byte 24: keys not in ascending order")
    }

    @Test("a set decodes only with its elements ascending")
    func setOrder() throws {
        func decodeSet(_ elements: [UInt64]) throws(CanonicalDecoder.Error) -> Set<UInt64> {
            var e = CanonicalEncoder()
            e.count(elements.count)
            for x in elements { e.u64(x) }
            var d = CanonicalDecoder(e.bytes)
            return try d.set { (d) throws(CanonicalDecoder.Error) in try d.u64() }
        }
        #expect(try decodeSet([1, 5, 9]) == [1, 5, 9])
        #expect(throws: CanonicalDecoder.Error.self) { try decodeSet([5, 1]) }
        #expect(throws: CanonicalDecoder.Error.self) { try decodeSet([5, 5]) }
    }

    @Test("the last block per chain stays in chain order whatever order chains appear in")
    func chainBlocksOrder() {
        var a = ChainBlocks()
        var b = ChainBlocks()
        for (chain, block) in [(5, 50), (1, 10), (3, 30)] as [(UInt64, UInt64)] { a[chain] = block }
        for (chain, block) in [(3, 30), (5, 50), (1, 10)] as [(UInt64, UInt64)] { b[chain] = block }
        #expect(a.chainIds == [1, 3, 5] && a == b)
        a[3] = 31
        #expect(a[3] == 31 && a[4] == nil && a[9] == nil && a.count == 3)
        a[1] = nil
        #expect(a.chainIds == [3, 5] && a[1] == nil)
    }
}

import Ethereum
import Testing

private func text(_ s: String) -> RLPItem { .bytes(Array(s.utf8)) }

@Suite struct RLPTests {
    static let lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"

    // The examples of the Ethereum wiki's RLP page (ethereum.org "Recursive-length prefix").
    static let vectors: [(String, RLPItem, String)] = [
        ("dog", text("dog"), "83646f67"),
        ("[cat, dog]", .list([text("cat"), text("dog")]), "c88363617483646f67"),
        ("empty string", .bytes([]), "80"),
        ("empty list", .list([]), "c0"),
        ("integer 0", .uint(UInt64(0)), "80"),
        ("byte 0x00", .bytes([0]), "00"),
        ("byte 0x0f", .bytes([0x0f]), "0f"),
        ("integer 15", .uint(UInt64(15)), "0f"),
        ("integer 1024", .uint(UInt64(1024)), "820400"),
        (
            "set-theoretic three",
            .list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])]),
            "c7c0c1c0c3c0c1c0"
        ),
        ("56-byte string", text(lorem), "b838" + Hex.encode(Array(lorem.utf8), prefix: false)),
    ]

    @Test("published vectors encode and decode back", arguments: vectors.indices)
    func vector(index: Int) throws {
        let (name, item, hex) = Self.vectors[index]
        let expected = try bytes(hex)
        #expect(RLP.encode(item) == expected, "\(name)")
        #expect(try RLP.decode(expected) == item, "\(name)")
    }

    @Test func longListAndIntegers() throws {
        let items = [RLPItem](repeating: text("abcdefghij"), count: 6)  // 66-byte payload
        let encoded = RLP.encode(.list(items))
        #expect(Array(encoded.prefix(2)) == [0xf8, 66])
        #expect(try RLP.decode(encoded) == .list(items))
        #expect(try RLPItem.bytes([0x04, 0x00]).uint64(field: "n") == 1024)
        #expect(try RLPItem.bytes([]).uint256(field: "n") == .zero)
        #expect(RLP.encode(.uint(UInt256.max)).count == 33)
        #expect(try RLP.decode(RLP.encode(.uint(UInt256.max))).uint256(field: "n") == .max)
    }

    @Test(
        "malformed inputs are refused at their position",
        arguments: [
            ("", RLPError.truncated(offset: 0, needed: 1, available: 0)),
            ("8100", .singleByteWrapped(offset: 0)),
            ("817f", .singleByteWrapped(offset: 0)),
            ("b80161", .longFormForShortPayload(offset: 0)),
            ("b90038" + String(repeating: "61", count: 56), .leadingZeroInLength(offset: 0)),
            ("83646f", .truncated(offset: 0, needed: 4, available: 3)),
            ("b8", .truncated(offset: 0, needed: 2, available: 1)),
            ("8080", .trailingBytes(offset: 1)),
            ("c88363617483646f", .truncated(offset: 0, needed: 9, available: 8)),
            ("c2840102", .truncated(offset: 1, needed: 5, available: 2)),
            ("c3c28100", .singleByteWrapped(offset: 2)),
            ("f800", .leadingZeroInLength(offset: 0)),
            ("f80101", .longFormForShortPayload(offset: 0)),
            ("c18201020304", .truncated(offset: 1, needed: 3, available: 1)),
        ])
    func malformed(hex: String, error: RLPError) throws {
        let input = try bytes(hex)
        #expect(throws: error) { try RLP.decode(input) }
    }

    @Test func hugeLengthIsRefusedWithoutOverflow() throws {
        #expect(throws: RLPError.lengthTooLarge(offset: 0)) {
            try RLP.decode(try bytes("bfffffffffffffffff00"))
        }
    }

    @Test func nestingIsBounded() throws {
        var deepest = RLPItem.list([])  // depth maxDepth - 1 at the bottom: accepted
        for _ in 0..<(RLP.maxDepth - 1) { deepest = .list([deepest]) }
        #expect(try RLP.decode(RLP.encode(deepest)) == deepest)
        // One more level: the innermost empty list (the last byte) is at depth maxDepth.
        let encoded = RLP.encode(.list([deepest]))
        #expect(throws: RLPError.tooDeep(offset: encoded.count - 1, limit: RLP.maxDepth)) {
            try RLP.decode(encoded)
        }
    }

    @Test func integersMustBeCanonical() throws {
        #expect(throws: RLPError.leadingZeroInteger(field: "nonce")) {
            try RLPItem.bytes([0, 1]).uint64(field: "nonce")
        }
        #expect(throws: RLPError.leadingZeroInteger(field: "nonce")) {
            try RLP.decode([0x00]).uint64(field: "nonce")
        }
        #expect(throws: RLPError.integerTooLarge(field: "gas", maxBits: 64)) {
            try RLPItem.bytes([UInt8](repeating: 1, count: 9)).uint64(field: "gas")
        }
        #expect(throws: RLPError.expectedBytes(field: "to")) {
            try RLPItem.list([]).optionalAddress(field: "to")
        }
        #expect(throws: RLPError.wrongLength(field: "to", expectedBytes: 20, actualBytes: 3)) {
            try RLPItem.bytes([1, 2, 3]).optionalAddress(field: "to")
        }
    }
}

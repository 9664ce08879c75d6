import Foundation
import SpottedLedger
import SpottedTestSupport
import Testing

/// `JSONValue.parse`: the strict JSON reader behind `submit`, `POST /v1/actions` and JSON-RPC.
@Suite struct JSONParserTests {
    /// Parses `text`, or records why not.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue.parse(Array(text.utf8))
    }

    @Test("values: members in document order, numbers as written, every escape")
    func values() throws {
        let value = try Self.parse(
            #" { "b" : [1, -0, 2.5e-3, 115792089237316195423570985008687907853269984665640564039457584007913129639935],"#
                + #" "a": {"t": true, "f": false, "n": null, "e": [], "o": {}},"#
                + #" "s": "q\"b\\s\/n\nr\rt\tb\bf\f u\u00e9 \ud83d\ude00 é" } "#)
        let expected = JSONValue.object([
            (
                "b",
                .array([
                    .number("1"), .number("-0"), .number("2.5e-3"),
                    .number(
                        "115792089237316195423570985008687907853269984665640564039457584007913129639935"
                    ),
                ])
            ),
            (
                "a",
                .object([
                    ("t", .bool(true)), ("f", .bool(false)), ("n", .null), ("e", .array([])),
                    ("o", .object([])),
                ])
            ),
            ("s", .string("q\"b\\s/n\nr\rt\tb\u{8}f\u{C} ué 😀 é")),
        ])
        #expect(value == expected)
        #expect(try Self.parse("7") == .number("7"))
        #expect(try Self.parse("\"\"") == .string(""))
    }

    @Test(
        "refusals name the rule and the byte",
        arguments: [
            ("", "the text ended where a value was expected", 0),
            ("[1,]", "unexpected ']' where a value was expected", 3),
            (#"{"a":1,}"#, "expected a member name", 7),
            ("01", "text after the value", 1),
            ("-", "expected a digit", 1),
            ("1.", "expected a digit after '.'", 2),
            (".5", "unexpected '.' where a value was expected", 0),
            ("1e", "expected an exponent", 2),
            (#""abc"#, "the text ended inside a string", 4),
            ("\"a\u{1}\"", "a control character in a string (escape it)", 2),
            (#""\x""#, "unknown escape \\'x'", 2),
            (#""\ud800""#, "a high surrogate escape without its low half", 7),
            (#""\udc00""#, "a lone low surrogate escape", 7),
            (#""\u12G4""#, "expected a hex digit in a \\u escape", 5),
            (#"{"a":1,"a":2}"#, "repeated member \"a\"", 7),
            ("{} x", "text after the value", 3),
            ("tru", "expected true", 0),
            ("NaN", "unexpected 'N' where a value was expected", 0),
            ("'a'", "unexpected ''' where a value was expected", 0),
            (#"{"a" 1}"#, "expected ':' after a name", 5),
            ("[1 2]", "expected ',' or ']', found '2'", 3),
            (#"{"a":1 "b":2}"#, "expected ',' or '}', found '\"'", 7),
            ("[[", "the text ended where a value was expected", 2),
        ])
    func refusals(text: String, reason: String, offset: Int) {
        #expect(throws: JSONValue.ParseError(offset: offset, reason: reason)) {
            try JSONValue.parse(Array(text.utf8))
        }
    }

    @Test("invalid UTF-8 in a string and nesting past the limit are refused")
    func limits() throws {
        #expect(throws: JSONValue.ParseError(offset: 3, reason: "a string that is not valid UTF-8"))
        {
            try JSONValue.parse([0x22, 0xC3, 0x28, 0x22])
        }
        let deep =
            String(repeating: "[", count: JSONValue.maxDepth) + "1"
            + String(repeating: "]", count: JSONValue.maxDepth)
        _ = try Self.parse(deep)
        let deeper = "[" + deep + "]"
        #expect(
            throws: JSONValue.ParseError(
                offset: JSONValue.maxDepth, reason: "nested deeper than \(JSONValue.maxDepth)")
        ) { try Self.parse(deeper) }
        // An object with many members checks repeats through a set.
        let many = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        guard case .object(let members) = try Self.parse("{\(many)}") else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == (0..<40).map { "k\($0)" })
        let repeatAt = "{\(many),".utf8.count
        #expect(throws: JSONValue.ParseError(offset: repeatAt, reason: "repeated member \"k3\"")) {
            try Self.parse("{\(many),\"k3\":0}")
        }
    }

    @Test("agrees with Foundation's JSONSerialization on every valid text of a mutated corpus")
    func differential() throws {
        let seeds = [
            #"{"kind":"respond-to-task","chainId":"1","fields":{"value":"7","sig":"0xab"}}"#,
            #"[{"a":[1,2,{"b":null}]},true,false,"x\u00e9\n",-12.5e+3,0]"#,
            #"{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"0x01"},"latest"]}"#,
        ].map { Array($0.utf8) }
        var generator = SplitMix64(seed: 2026)
        var accepted = 0
        for round in 0..<6_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                let byte =
                    Array(#"{}[],:"\ 0123456789.-+eEtrufalsn"#.utf8).randomElement(
                        using: &generator) ?? 0x20
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[i] = byte
                case 1: bytes.insert(byte, at: i)
                default: if bytes.count > 1 { bytes.remove(at: i) }
                }
            }
            let theirs = try? JSONSerialization.jsonObject(
                with: Data(bytes), options: [.fragmentsAllowed])
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let ours = try JSONValue.parse(bytes)
                accepted += 1
                // Foundation refuses a number beyond Double's range; we keep its text.
                #expect(
                    theirs != nil || Self.hasNumberBeyondDouble(ours),
                    "we accepted what Foundation refuses: \(text)")
            } catch {
                // Foundation accepts a repeated member name (the last wins) and a trailing comma.
                let before = bytes[..<error.offset].last { $0 != 0x20 }
                #expect(
                    theirs == nil || error.reason.hasPrefix("repeated member")
                        || before == UInt8(ascii: ","),
                    "Foundation accepted what we refused (\(error)): \(text)")
            }
        }
        #expect(accepted > 100)
    }

    /// Whether `value` holds a number a `Double` cannot hold.
    static func hasNumberBeyondDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let text): !(Double(text)?.isFinite ?? false)
        case .array(let items): items.contains(where: hasNumberBeyondDouble)
        case .object(let members): members.contains { hasNumberBeyondDouble($0.value) }
        default: false
        }
    }
}

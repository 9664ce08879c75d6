import Ethereum
import Testing

@Suite struct ABITests {
    @Test("ABI spec example f(uint256,uint32[],bytes10,bytes)")
    func specExampleF() throws {
        let types = try ABIType.parseList("(uint256,uint32[],bytes10,bytes)")
        let values: [ABIValue] = [
            .uint(0x123), .array([.uint(0x456), .uint(0x789)]),
            .fixedBytes(Array("1234567890".utf8)), .bytes(Array("Hello, world!".utf8)),
        ]
        let expected =
            try bytes("8be65246")
            + words([
                "0123", "80", "3132333435363738393000000000000000000000000000000000000000000000",
                "e0",
                "02", "0456", "0789", "0d",
                "48656c6c6f2c20776f726c642100000000000000000000000000000000000000",
            ])
        let calldata = try ABI.encodeCall("f(uint256,uint32[],bytes10,bytes)", values, as: types)
        #expect(calldata == expected)
        #expect(
            try ABI.decodeCall(calldata, "f(uint256,uint32[],bytes10,bytes)", as: types) == values)
    }

    @Test("ABI spec example g(uint256[][],string[])")
    func specExampleG() throws {
        let types = try ABIType.parseList("(uint256[][],string[])")
        let values: [ABIValue] = [
            .array([.array([.uint(1), .uint(2)]), .array([.uint(3)])]),
            .array([.string("one"), .string("two"), .string("three")]),
        ]
        let expected = try words([
            "40", "0140", "02", "40", "a0", "02", "01", "02", "01", "03",
            "03", "60", "a0", "e0",
            "03", "6f6e650000000000000000000000000000000000000000000000000000000000",
            "03", "74776f0000000000000000000000000000000000000000000000000000000000",
            "05", "7468726565000000000000000000000000000000000000000000000000000000",
        ])
        let encoded = try ABI.encode(values, as: types)
        #expect(encoded.count == 20 * 32)
        #expect(encoded == expected)
        #expect(try ABI.decode(encoded, as: types) == values)
    }

    @Test("encodePacked published example")
    func packed() throws {
        let out = try ABI.encodePacked(
            [.int(UInt256.max), .fixedBytes([0x42]), .uint(3), .string("Hello, world!")],
            as: [.int(16), .fixedBytes(1), .uint(16), .string])
        #expect(out == (try bytes("ffff42000348656c6c6f2c20776f726c6421")))
        // Solidity pads array elements to 32 bytes.
        #expect(
            try ABI.encodePacked([.array([.uint(1), .uint(2)])], as: [.array(.uint(8))])
                == (try words(["01", "02"])))
        #expect(throws: ABIError.invalidType("encodePacked: tuples are not supported")) {
            try ABI.encodePacked([.tuple([.bool(true)])], as: [.tuple([.bool])])
        }
    }

    @Test("the isValidSignature payload (address[], bytes[], uint32): 544 bytes, word by word")
    func signatureData() throws {
        let mailDigest = try word(
            "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        let k1 = try PrivateKey(
            hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
        let k2 = try PrivateKey(
            hex: "1da6847600b0ee25e9ad9a52abbd786dd2502fa4005dd5af9310b7cc7a3b25db")
        let values: [ABIValue] = [
            .array([.address(k1.address), .address(k2.address)]),
            .array([
                .bytes(k1.sign(digest: mailDigest).bytes),
                .bytes(k2.sign(digest: mailDigest).bytes),
            ]),
            .uint(7),
        ]
        let types: [ABIType] = [.array(.address), .array(.bytes), .uint(32)]
        let expected = try words([
            "60", "c0", "07", "02",
            "2c7536e3605d9c16a7a3d7b1898e529396a65c23", "71cb05ee1b1f506ff321da3dac38f25c0c9ce6e1",
            "02", "40", "c0",
            "41", "19e4c5dcf77c10f4b30df3d4cb5822a99a69ec18e6f5d7b9a889a5a481574073",
            "2656ebdcc5a9c8eee63e684a5ed282d6b59ffe2914076b025a77df7655940311",
            "1c00000000000000000000000000000000000000000000000000000000000000",
            "41", "6af2156428de141dc204fde08d2da405d031dc842a146554fa3659d5a7f5f7f8",
            "66192447934915a65bdc770353be6c1bc2eacb3efde0ad944730d379321119d2",
            "1b00000000000000000000000000000000000000000000000000000000000000",
        ])
        let encoded = try ABI.encode(values, as: types)
        #expect(encoded.count == 544)
        #expect(encoded == expected)
        #expect(try ABI.decode(encoded, as: types) == values)
    }

    @Test("a dynamic struct passed alone gets a leading offset word (SignatureWithSaltAndExpiry)")
    func dynamicStructArgument() throws {
        let signature = [UInt8](repeating: 0xab, count: 65)
        let type = ABIType.tuple([.bytes, .bytes32, .uint256])
        let encoded = try ABI.encode(
            [.tuple([.bytes(signature), .fixedBytes(UInt256(1).word.bytes), .uint(0x6774_8580)])],
            as: [type])
        let expected =
            try words(["20", "60", "01", "67748580", "41"]) + signature
            + [UInt8](repeating: 0, count: 31)
        #expect(encoded == expected)
    }

    @Test("type strings parse and print canonically")
    func typeParser() throws {
        for text in [
            "uint256", "int8", "address[]", "bytes32[3][]", "(uint8,(bytes,string)[2])[]",
            "(address,uint96)[]",
        ] {
            #expect(try ABIType(parsing: text).description == text)
        }
        #expect(try ABIType(parsing: "uint") == .uint(256))
        for bad in [
            "uint7", "uint264", "bytes0", "bytes33", "()", "uint256[0]", "(uint256", "foo",
            "uint256[", "address]",
        ] {
            #expect(throws: ABIError.self) { try ABIType(parsing: bad) }
        }
        #expect(throws: ABIError.self) {
            try ABIType(
                parsing: String(repeating: "(", count: 40) + "bool"
                    + String(repeating: ")", count: 40))
        }
    }

    @Test("encoder refuses values that do not fit their type")
    func encoderRange() {
        #expect(throws: ABIError.valueOutOfRange(type: "uint32", path: "0")) {
            try ABI.encode([.uint(UInt256(1).shifted32)], as: [.uint(32)])
        }
        #expect(throws: ABIError.valueOutOfRange(type: "bytes4", path: "0")) {
            try ABI.encode([.fixedBytes([1, 2])], as: [.fixedBytes(4)])
        }
        #expect(throws: ABIError.typeMismatch(expected: "address", path: "1")) {
            try ABI.encode([.bool(true), .bool(false)], as: [.bool, .address])
        }
        #expect(throws: ABIError.valueOutOfRange(type: "int8", path: "0")) {
            try ABI.encode([.int(UInt256(128))], as: [.int(8)])
        }
    }
}

extension UInt256 {
    /// self × 2^32, for building out-of-range uint32 values.
    var shifted32: UInt256 { (try? multiplied(by: UInt256(1 << 32))) ?? .zero }
}

@Suite struct ABIDecoderStrictnessTests {
    let sigTypes: [ABIType] = [.array(.address), .array(.bytes), .uint(32)]

    func valid() throws -> [UInt8] {
        try ABI.encode(
            [.array([.address(.zero)]), .array([.bytes([1, 2, 3])]), .uint(3)], as: sigTypes)
    }

    @Test func truncatedDataIsAnErrorAtEveryLength() throws {
        let data = try valid()
        for length in 0..<data.count {
            #expect(throws: ABIError.self, "length \(length)") {
                try ABI.decode(Array(data.prefix(length)), as: sigTypes)
            }
        }
        _ = try ABI.decode(data, as: sigTypes)
        _ = try ABI.decode(data + [0, 0, 0], as: sigTypes)  // trailing data is ignored, as in Solidity
    }

    @Test func dirtyHighBytesAreRefused() throws {
        var address = try words(["01"])
        address[0] = 1
        #expect(throws: ABIError.dirtyBits(type: "address", offset: 0)) {
            try ABI.decode(address, as: [.address])
        }
        #expect(throws: ABIError.dirtyBits(type: "uint32", offset: 0)) {
            try ABI.decode(words(["0100000000"]), as: [.uint(32)])
        }
        #expect(throws: ABIError.dirtyBits(type: "bool", offset: 0)) {
            try ABI.decode(words(["02"]), as: [.bool])
        }
        #expect(throws: ABIError.dirtyBits(type: "bytes4", offset: 0)) {
            try ABI.decode(
                bytes("deadbeef01") + [UInt8](repeating: 0, count: 27), as: [.fixedBytes(4)])
        }
        #expect(throws: ABIError.dirtyBits(type: "int8", offset: 0)) {
            try ABI.decode(words(["80"]), as: [.int(8)])
        }
        #expect(try ABI.decode(UInt256.max.word.bytes, as: [.int(8)]) == [.int(.max)])  // −1 is a clean int8
    }

    @Test func offsetsAndLengthsOutOfRangeAreRefused() throws {
        var data = try valid()
        data[31] = 0xff  // first offset → far past the end
        #expect(throws: ABIError.self) { try ABI.decode(data, as: sigTypes) }
        var huge = try valid()
        for i in 0..<8 { huge[i] = 0xff }  // offset word with high bits
        #expect(
            throws: ABIError.offsetOutOfRange(
                offset: 0, value: UInt256(Word(l0: .max, l1: 0, l2: 0, l3: 0x60)).description)
        ) {
            try ABI.decode(huge, as: sigTypes)
        }
        // An array claiming 2^40 elements is refused before any allocation.
        let long = try words(["20", "010000000000"])
        #expect(throws: ABIError.self) { try ABI.decode(long, as: [.array(.uint256)]) }
        #expect(throws: ABIError.self) {
            try ABI.decode(words(["20", "21"]) + [UInt8](repeating: 0, count: 32), as: [.bytes])
        }
    }

    @Test func nonZeroPaddingAndBadUTF8AreRefused() throws {
        var data = try ABI.encode([.bytes([1])], as: [.bytes])
        data[data.count - 1] = 1
        #expect(throws: ABIError.dirtyBits(type: "bytes padding", offset: 65)) {
            try ABI.decode(data, as: [.bytes])
        }
        var text = try ABI.encode([.string("ab")], as: [.string])
        text[64] = 0xff
        #expect(throws: ABIError.invalidUTF8(offset: 32)) { try ABI.decode(text, as: [.string]) }
    }

    @Test("overlapping offsets cannot multiply the work")
    func overlappingOffsetsAreBounded() throws {
        // 64 entries of bytes[] all pointing at one 4 KiB byte string: honest data this size holds far less.
        var heads = ["20", "40"]
        for _ in 0..<64 { heads.append("0800") }
        var data = try words(heads)  // ends at 0x40 + 0x800, where every offset points
        data += try words(["1000"]) + [UInt8](repeating: 7, count: 0x1000)
        #expect(throws: ABIError.tooComplex(limit: data.count + 512)) {
            try ABI.decode(data, as: [.array(.bytes)])
        }
        // The same string referenced once decodes fine.
        let single = try words(["20", "01", "20", "1000"]) + [UInt8](repeating: 7, count: 0x1000)
        #expect(
            try ABI.decode(single, as: [.array(.bytes)]) == [
                .array([.bytes([UInt8](repeating: 7, count: 0x1000))])
            ])
    }
}

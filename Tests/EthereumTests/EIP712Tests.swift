import Ethereum
import Testing

@Suite struct EIP712Tests {
    static let mail = EIP712.TypedData(
        types: [
            "EIP712Domain": [
                .init(name: "name", type: "string"), .init(name: "version", type: "string"),
                .init(name: "chainId", type: "uint256"),
                .init(name: "verifyingContract", type: "address"),
            ],
            "Person": [
                .init(name: "name", type: "string"), .init(name: "wallet", type: "address"),
            ],
            "Mail": [
                .init(name: "from", type: "Person"), .init(name: "to", type: "Person"),
                .init(name: "contents", type: "string"),
            ],
        ],
        primaryType: "Mail",
        domain: [
            "name": .text("Ether Mail"), "version": .text("1"), "chainId": .text("1"),
            "verifyingContract": .text("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
        ],
        message: [
            "from": .record([
                "name": .text("Cow"), "wallet": .text("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"),
            ]),
            "to": .record([
                "name": .text("Bob"), "wallet": .text("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"),
            ]),
            "contents": .text("Hello, Bob!"),
        ])

    @Test("EIP-712 Mail example: every published intermediate value")
    func mailExample() throws {
        let data = Self.mail
        #expect(
            try data.encodeType("Mail")
                == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(
            try data.typeHash("Mail")
                == (try word("a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")))
        #expect(
            try data.typeHash("Person")
                == (try word("b9d8c78acf9b987311de6c7b45bb6a9c8e1bf361fa7fd3467a2163f994c79500")))
        #expect(
            try data.hashStruct("Mail", data.message, path: "Mail")
                == (try word("c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")))
        #expect(
            try data.domainSeparator()
                == (try word("f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")))
        #expect(
            try data.digest()
                == (try word("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")))
    }

    @Test("EIP-712 Mail example: the published signature by keccak256(\"cow\")")
    func mailSignature() throws {
        let key = try PrivateKey(Keccak256.hash("cow"))
        let digest = try Self.mail.digest()
        let signature = key.sign(digest: digest)
        #expect(signature.v == 28)
        #expect(
            signature.bytes
                == (try bytes(
                    "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c"
                )))
        // The same digest wrongly wrapped in personal_sign is a different hash (negative check).
        #expect(
            EIP191.personalMessageHash(digest)
                == (try word("110524f24641a25cd5812ed0c50117b67ab36be6cf7c9750d88665a710937a13")))
        #expect(
            try ECDSA.recover(
                digest: EIP191.personalMessageHash(digest), signature: signature.bytes)
                != key.address)
    }

    @Test func domainStructMatchesTypedData() throws {
        let domain = EIP712.Domain(
            name: "Ether Mail", version: "1", chainId: 1,
            verifyingContract: try address("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"))
        #expect(domain.separator == (try Self.mail.domainSeparator()))
        #expect(
            Keccak256.hash(domain.typeString)
                == (try word("8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f")))
        let eigen = EIP712.Domain(name: "EigenLayer", chainId: 1, verifyingContract: .zero)
        #expect(
            Keccak256.hash(eigen.typeString)
                == (try word("8cad95687ba82c2ce50e74f7b754645e5117c3a5bec8151c0726d5857980a866")))
    }

    @Test("EigenLayer AVSDirectory registration digest, both domain styles, and its signature")
    func avsRegistration() throws {
        let typeHash = Keccak256.hash(
            "OperatorAVSRegistration(address operator,address avs,bytes32 salt,uint256 expiry)")
        #expect(
            typeHash
                == (try word("da2c89bafdd34776a2b8bb9c83c82f419e20cc8c67207f70edd58249b92661bd")))
        let avsDirectory = try address("0x135DDa560e946695d6f155dACaFC6f1F25C1F5AF")
        let structHash = EIP712.hashStruct(
            typeHash: typeHash,
            fields: [
                try address("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23").word,
                try address("0x1111111111111111111111111111111111111111").word,
                UInt256(1).word, UInt256(1_735_689_600).word,
            ])
        #expect(
            structHash
                == (try word("06cf1234fdd10c2bbca0e5c5dfeac598a42031f0fbac1ad74d5ecd02f524cca6")))
        let v11 = EIP712.Domain(name: "EigenLayer", chainId: 1, verifyingContract: avsDirectory)
        #expect(
            v11.separator
                == (try word("8ceb9367dd5eb661ead5bb90d8bfd836c1293d5fd67da541d446e1954349df40")))
        let digest = EIP712.digest(domainSeparator: v11.separator, structHash: structHash)
        #expect(
            digest == (try word("a32079b4195ccee4ace7f0b2e4a7015e73c83ea8363c88c9c792f1b27c653792"))
        )
        let v13 = EIP712.Domain(
            name: "EigenLayer", version: "1", chainId: 1, verifyingContract: avsDirectory)
        #expect(
            v13.separator
                == (try word("d766fda18c6a8f8aa87dc4cc493da4a48a9d064ebf1b506ec99dec992398439a")))
        #expect(
            EIP712.digest(domainSeparator: v13.separator, structHash: structHash)
                == (try word("ccd954eadf2bd0d8a76b6a38d68857c3c8f96348ae3c8586a664d58ec871ecdd")))
        let key = try PrivateKey(
            hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
        #expect(
            key.sign(digest: digest).bytes
                == (try bytes(
                    "32482efcd4bceab02497667597ac3b7bf9ad91ff849b008d8955d9db3e7ef8576727153d13bad8d74bf5b87d013f9ad469d3e20209ff5acb8b1b4b9ebd5bd5911b"
                )))
        #expect(
            Keccak256.hash(
                "OperatorSetRegistration(address avs,uint32[] operatorSetIds,bytes32 salt,uint256 expiry)"
            ) == (try word("809c5ac049c45b7a7f050a20f00c16cf63797efbf8b1eb8d749fdfa39ff8f929")))
    }

    @Test func typedDataErrorsAreTyped() throws {
        var data = Self.mail
        data.message["contents"] = nil
        #expect(throws: EIP712.Error.missingField("contents", type: "Mail")) { try data.digest() }
        data = Self.mail
        data.primaryType = "Letter"
        #expect(throws: EIP712.Error.unknownType("Letter")) { try data.digest() }
        data = Self.mail
        data.message["from"] = .record(["name": .text("Cow"), "wallet": .text("0x1234")])
        #expect(
            throws: EIP712.Error.invalidValue(
                type: "address", path: "Mail.from.wallet",
                reason: "address: expected 40 hex digits, got 4")
        ) { try data.digest() }
        data = Self.mail
        data.types["Mail"]?.append(.init(name: "n", type: "uint8"))
        data.message["n"] = .text("256")
        #expect(
            throws: EIP712.Error.invalidValue(type: "uint8", path: "Mail.n", reason: "not a uint8")
        ) { try data.digest() }
    }

    @Test("arrays, fixed bytes, ints and bools encode as the standard says")
    func atomicAndArrays() throws {
        let data = EIP712.TypedData(
            types: [
                "T": [
                    .init(name: "a", type: "uint256[]"), .init(name: "b", type: "bytes4"),
                    .init(name: "c", type: "int8"), .init(name: "d", type: "bool"),
                ]
            ],
            primaryType: "T", domain: ["chainId": .text("5")],
            message: [
                "a": .list([.text("1"), .text("0x02")]), "b": .text("0xdeadbeef"), "c": .text("-1"),
                "d": .text("true"),
            ])
        let expected = EIP712.hashStruct(
            typeHash: Keccak256.hash("T(uint256[] a,bytes4 b,int8 c,bool d)"),
            fields: [
                Keccak256.hash(UInt256(1).word.bytes + UInt256(2).word.bytes),
                try word("deadbeef00000000000000000000000000000000000000000000000000000000"),
                UInt256.max.word, UInt256(1).word,
            ])
        #expect(try data.hashStruct("T", data.message, path: "T") == expected)
        #expect(try data.domainSeparator() == EIP712.Domain(chainId: 5).separator)
    }
}

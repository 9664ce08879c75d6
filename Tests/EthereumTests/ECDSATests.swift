import Ethereum
import Testing

@Suite struct ECDSATests {
    static let testMessage = "7dbaf558b0a1a5dc7a67202117ab143c1d8605a983e4a743bc06fcc03162dc0d"  // keccak256("OpenZeppelin")

    @Test(
        "signatures are byte-identical to web3.js, ethers and EIP-712's published ones",
        arguments: [
            // web3.js sign('Some data', key) — EIP-191 personal message.
            (
                "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "Some data",
                "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c"
            ),
            (
                "be6383dad004f233317e46ddb46ad31b16064d14447a95cc1d8c8d4bc61c3728", "Some data",
                "a8037a6116c176a25e6fc224947fde9e79a2deaa0dd8b67b366fbdfdbffc01f953e41351267b20d4a89ebfe9c8f03c04de9b345add4a52f15bd026b63c8fb1501b"
            ),
            // ethers v5 Wallet.signMessage("Hello World").
            (
                "1da6847600b0ee25e9ad9a52abbd786dd2502fa4005dd5af9310b7cc7a3b25db", "Hello World",
                "14280e5885a19f60e536de50097e96e3738c7acae4e9e62d67272d794b8127d31c03d9cd59781d4ee31fb4e1b893bd9b020ec67dfa65cfb51e2bdadbb1de26d91c"
            ),
        ])
    func personalSign(secret: String, message: String, expected: String) throws {
        let key = try PrivateKey(hex: secret)
        let digest = EIP191.personalMessageHash(Array(message.utf8))
        let signature = key.sign(digest: digest)
        #expect(signature.bytes == (try bytes(expected)))
        #expect(try ECDSA.recover(digest: digest, signature: signature.bytes) == key.address)
    }

    @Test func eip191Digests() throws {
        #expect(
            EIP191.personalMessageHash(Array("Hello world".utf8))
                == (try word("8144a6fa26be252b86456491fbcd43c1de7e022241845ffea1c3df066f7cfede")))
        #expect(
            EIP191.personalMessageHash(Array("Some data".utf8))
                == (try word("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655")))
        #expect(
            EIP191.personalMessageHash(Array("Hello World".utf8))
                == (try word("a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2")))
        // toEthSignedMessageHash(bytes32) hashes the 28-byte prefix and the 32 bytes.
        let h = try word(Self.testMessage)
        #expect(
            EIP191.personalMessageHash(h)
                == Keccak256.hash(
                    try bytes("19457468657265756d205369676e6564204d6573736167653a0a3332") + h.bytes)
        )
    }

    @Test("go-ethereum TestSign: keccak256(\"foo\") signed raw")
    func gethSign() throws {
        let key = try PrivateKey(
            hex: "289c2857d4598e37fb9647507e47a309d6133539bf21a8b9cb6df88fd5232032")
        let digest = Keccak256.hash("foo")
        #expect(
            digest == (try word("41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d"))
        )
        let signature = key.sign(digest: digest)
        #expect(
            signature.bytes
                == (try bytes(
                    "d155e94305af7e07dd8c32873e5c03cb95c9e05960ef85be9c07f671da58c73718c19adc397a211aa9e87e519e2038c5a3b658618db335f74f800b8e0cfeef441c"
                )))
    }

    @Test("go-ethereum recovery vector (v 0/1 form, normalized to 27/28)")
    func gethRecover() throws {
        var sig = try bytes(
            "90f27b8b488db00b00606796d2987f6a5f59ae62ea05effe84fef5b8b0e549984a691139ad57a3f0b906637673aa2f63d1f55cb1a69199d4009eea23ceaddc9301"
        )
        let digest = try word("ce0677bb30baa8cf067c88db9811f4333d131bf8bcf12fe7065d211dce971008")
        #expect(throws: ECDSAError.invalidSignatureV(1)) {
            try ECDSA.recover(digest: digest, signature: sig)
        }
        sig[64] += 27
        let key = try ECDSA.recoverPublicKey(digest: digest, signature: sig)
        #expect(
            key.uncompressed
                == (try bytes(
                    "04e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a0a2b2667f7e725ceea70c673093bf67663e0312623c8e091b13cf2c0f11ef652"
                )))
    }

    @Test("OpenZeppelin ECDSA vectors over keccak256(\"OpenZeppelin\")")
    func openZeppelinRecover() throws {
        let digest = try word(Self.testMessage)
        let v27 =
            "5d99b6f7f6d1f73d1a26497f2b1c89b24c0993913f86e9a2d02cd69887d9c94f3c880358579d811b21dd1b7fd9bb01c1d81d10e69f0384e675c32b39643be892"
        let v28 =
            "331fe75a821c982f9127538858900d87d3ec1f9f737338ad67cad133fa48feff48e6fa0c18abc62e42820f05943e47af3e9fbe306ce74d64094bdf1691ee53e0"
        #expect(
            try ECDSA.recover(digest: digest, signature: bytes(v27 + "1b"))
                == (try address("0x2cc1166f6212628A0deEf2B33BEFB2187D35b86c")))
        #expect(
            try ECDSA.recover(digest: digest, signature: bytes(v28 + "1c"))
                == (try address("0x1E318623aB09Fe6de3C9b8672098464Aeda9100E")))
        #expect(throws: ECDSAError.invalidSignatureV(0)) {
            try ECDSA.recover(digest: digest, signature: bytes(v27 + "00"))
        }
        #expect(throws: ECDSAError.invalidSignatureV(2)) {
            try ECDSA.recover(digest: digest, signature: bytes(v27 + "02"))
        }
        #expect(throws: ECDSAError.invalidSignatureV(1)) {
            try ECDSA.recover(digest: digest, signature: bytes(v28 + "01"))
        }
        // r is not the x coordinate of a curve point.
        #expect(throws: ECDSAError.invalidSignature) {
            try ECDSA.recover(
                digest: digest,
                signature: bytes(
                    "332ce75a821c982f9127538858900d87d3ec1f9f737338ad67cad133fa48feff48e6fa0c18abc62e42820f05943e47af3e9fbe306ce74d64094bdf1691ee53e01c"
                ))
        }
        #expect(throws: ECDSAError.invalidSignatureLength(2)) {
            try ECDSA.recover(digest: digest, signature: bytes("1234"))
        }
        #expect(throws: ECDSAError.invalidSignatureLength(85)) {
            try ECDSA.recover(digest: digest, signature: [UInt8](repeating: 1, count: 85))
        }
        #expect(throws: ECDSAError.invalidSignatureLength(64)) {
            try ECDSA.recover(digest: digest, signature: bytes(v27))
        }
    }

    @Test("high s is refused; its low-s twin recovers the same key")
    func highS() throws {
        let digest = try word("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        let high = try bytes(
            "e742ff452d41413616a5bf43fe15dd88294e983d3d36206c2712f39083d638bde0a0fc89be718fbc1033e1d30d78be1c68081562ed2e97af876f286f3453231d1b"
        )
        #expect(throws: ECDSAError.invalidSignatureS) {
            try ECDSA.recover(digest: digest, signature: high)
        }
        let twin = try bytes(
            "e742ff452d41413616a5bf43fe15dd88294e983d3d36206c2712f39083d638bd1f5f0376418e7043efcc1e2cf28741e252a6c783c21a088c3863361d9be31e241c"
        )
        #expect(
            try ECDSA.recover(digest: digest, signature: twin)
                == (try address("0x9C551Cb84Cc31dE70466Db2Cba90b69259166BA0")))
    }

    @Test("go-ethereum TestVerifySignatureMalleable: high s refused whatever v")
    func gethMalleable() throws {
        let digest = try word("d301ce462d3e639518f482c7f03821fec1e602018630ce621e1e7851c12343a6")
        let rs = try bytes(
            "638a54215d80a6713c8d523a6adc4e6e73652d859103a36b700851cb0e61b66b8ebfc1a610c57d732ec6e0a8f06a9a7a28df5051ece514702ff9cdff0b11f454"
        )
        for v: UInt8 in [27, 28] {
            #expect(throws: ECDSAError.invalidSignatureS) {
                try ECDSA.recover(digest: digest, signature: rs + [v])
            }
        }
    }

    @Test("out-of-range v, r and s never reach the C library's abort path")
    func hostileSignatures() throws {
        let digest = try word(Self.testMessage)
        let ff = [UInt8](repeating: 0xff, count: 32)
        let zero = [UInt8](repeating: 0, count: 32)
        let low = try bytes("0000000000000000000000000000000000000000000000000000000000000001")
        for v: UInt8 in [0, 1, 2, 3, 4, 26, 29, 35, 255] {
            #expect(throws: ECDSAError.invalidSignatureV(v)) {
                try ECDSA.recover(digest: digest, signature: low + low + [v])
            }
        }
        #expect(throws: ECDSAError.invalidSignature) {
            try ECDSA.recover(digest: digest, signature: zero + low + [27])
        }  // r = 0
        #expect(throws: ECDSAError.invalidSignature) {
            try ECDSA.recover(digest: digest, signature: low + zero + [27])
        }  // s = 0
        #expect(throws: ECDSAError.invalidSignature) {
            try ECDSA.recover(digest: digest, signature: ff + low + [28])
        }  // r ≥ n
        #expect(throws: ECDSAError.invalidSignatureS) {
            try ECDSA.recover(digest: digest, signature: low + ff + [28])
        }
    }

    @Test("every signature we make is low-s with v 27/28 and recovers its signer")
    func signRecoverRoundTrip() throws {
        for i in 1...64 {
            let key = try PrivateKey(Keccak256.hash("key \(i)"))
            let digest = Keccak256.hash("message \(i)")
            let signature = key.sign(digest: digest)
            #expect(signature.s <= ECDSA.halfOrder)
            #expect(signature.v == 27 || signature.v == 28)
            #expect(try ECDSA.recover(digest: digest, signature: signature.bytes) == key.address)
        }
    }

    @Test func privateKeyRange() throws {
        #expect(throws: PrivateKey.Error.outOfRange) { try PrivateKey(Word.zero) }
        #expect(throws: PrivateKey.Error.outOfRange) {
            try PrivateKey(hex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")  // n
        }
        #expect(throws: PrivateKey.Error.outOfRange) {
            try PrivateKey(hex: String(repeating: "f", count: 64))
        }
        #expect(
            throws: PrivateKey.Error.invalidHex(.wrongLength(expectedBytes: 32, actualBytes: 31))
        ) { try PrivateKey(hex: String(repeating: "1", count: 62)) }
        #expect(throws: PrivateKey.Error.invalidHex(.oddLength(3))) { try PrivateKey(hex: "0x123") }
        _ = try PrivateKey(hex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")  // n − 1 is valid
    }

    @Test func malformedHexIsTyped() {
        #expect(throws: Hex.Error.oddLength(3)) { try Hex.decode("abc") }
        #expect(throws: Hex.Error.invalidCharacter("z", offset: 3)) { try Hex.decode("0x0z") }
        #expect(throws: Hex.Error.wrongLength(expectedBytes: 32, actualBytes: 1)) {
            try Word(hex: "0x01")
        }
        #expect(throws: ECDSAError.invalidSignatureLength(64)) {
            try Signature(bytes: [UInt8](repeating: 0, count: 64))
        }
    }
}

import Ethereum
import Testing

@Suite struct AddressTests {
    @Test(
        "address from private key (go-ethereum, EIP-712, web3.js, ethers)",
        arguments: [
            (
                "289c2857d4598e37fb9647507e47a309d6133539bf21a8b9cb6df88fd5232032",
                "0x970e8128ab834e8eac17ab8e3812f010678cf791"
            ),
            (
                "c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4",
                "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826"
            ),
            (
                "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
                "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"
            ),
            (
                "be6383dad004f233317e46ddb46ad31b16064d14447a95cc1d8c8d4bc61c3728",
                "0xEB014f8c8B418Db6b45774c326A0E64C78914dC0"
            ),
            (
                "348ce564d427a3311b6536bbcff9390d69395b06ed6c486954e971d960fe8709",
                "0xb8CE9ab6943e0eCED004cDe8e3bBed6568B2Fa01"
            ),
            (
                "1da6847600b0ee25e9ad9a52abbd786dd2502fa4005dd5af9310b7cc7a3b25db",
                "0x71CB05EE1b1F506fF321Da3dac38f25c0c9ce6E1"
            ),
        ])
    func derivation(secret: String, expected: String) throws {
        let key = try PrivateKey(hex: secret)
        #expect(key.address == (try address(expected)))
    }

    @Test func keccakOfCowIsTheEIP712Signer() throws {
        let key = try PrivateKey(Keccak256.hash("cow"))
        #expect(key.address.checksummed == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
    }

    @Test func publicKeyVectors() throws {
        let ethers = try PrivateKey(
            hex: "1da6847600b0ee25e9ad9a52abbd786dd2502fa4005dd5af9310b7cc7a3b25db")
        #expect(
            ethers.publicKey.uncompressed
                == (try bytes(
                    "04b9e72dfd423bcf95b3801ac93f4392be5ff22143f9980eb78b3a860c4843bfd04829ae61cdba4b3b1978ac5fc64f5cc2f4350e35a108a9c9a92a81200a60cd64"
                )))
        let one = try PrivateKey(
            hex: "0000000000000000000000000000000000000000000000000000000000000001")
        #expect(
            one.publicKey.uncompressed
                == (try bytes(
                    "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
                )))
        let geth = try PublicKey(
            uncompressed: bytes(
                "04e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a0a2b2667f7e725ceea70c673093bf67663e0312623c8e091b13cf2c0f11ef652"
            ))
        #expect(geth.address == (try address("0xa19d069d48d2e9392ec2bb41ecab0a72119d633b")))
    }

    @Test(
        "EIP-55 test cases round-trip",
        arguments: [
            "0x52908400098527886E0F7030069857D2E4169EE7",
            "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77",
            "0x27b1fdb04752bbc536007a920d24acb045561c26",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ])
    func eip55(text: String) throws {
        let parsed = try Address(text)
        #expect(parsed.checksummed == text)
    }

    @Test func allLowerAndAllUpperAreAcceptedWithoutChecksum() throws {
        let lower = try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        let upper = try Address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")
        #expect(lower == upper)
        #expect(lower.checksummed == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    }

    @Test func malformedAddressesAreTypedErrors() {
        #expect(
            throws: Address.ParseError.badChecksum(
                expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        ) {
            try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
        }
        #expect(throws: Address.ParseError.missingPrefix) {
            try Address("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        }
        #expect(throws: Address.ParseError.wrongLength(digits: 38)) {
            try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA")
        }
        #expect(throws: Address.ParseError.invalidHex(.invalidCharacter("g", offset: 2))) {
            try Address("0xgaaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        }
        #expect(throws: Address.ParseError.missingPrefix) { try Address("") }
    }

    @Test func orderingIsUint160() throws {
        let a = try address("0x00000000000000000000000000000000000000ff")
        let b = try address("0x0000000000000000000000000000000000000100")
        let c = try address("0x0100000000000000000000000000000000000000")
        #expect(a < b && b < c)
        #expect([c, a, b].sorted() == [a, b, c])
    }

    @Test("loading 20 bytes at any offset equals parsing them")
    func loadingAtOffsets() throws {
        let text = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        let expected = try Address(text)
        let raw = try Hex.decode(text)
        for offset in [0, 1, 7, 13] {
            let buffer = [UInt8](repeating: 0xff, count: offset) + raw + [0xee, 0xdd]
            #expect(buffer.withUnsafeBytes { Address(loading: $0, at: offset) } == expected)
        }
    }

    @Test(
        "dictionaries spread addresses and words over their buckets, keyed by the table's seed",
        arguments: [1, 0x5eed])
    func keyHashing(seed: Int) {
        // Keys that differ only in high bits (a mix passing bits through would fill one bucket),
        // sequential ones, and words that differ in one lane only.
        let addresses = (0..<4_096).map { Address(hi: 0, mid: 0, lo: UInt64($0)) }
        let highBits = (0..<4_096).map { Address(hi: UInt32($0), mid: 0, lo: 0) }
        let words = (0..<4_096).map { Word(l0: 7, l1: UInt64($0) << 50, l2: 7, l3: 7) }
        for hashes in [
            addresses.map { $0._rawHashValue(seed: seed) },
            highBits.map { $0._rawHashValue(seed: seed) },
            words.map { $0._rawHashValue(seed: seed) },
        ] {
            #expect(Set(hashes).count == hashes.count, "no two keys share a hash")
            let buckets = Set(hashes.map { $0 & 1023 })
            #expect(buckets.count > 950, "4 096 keys reach \(buckets.count) of 1 024 buckets")
        }
        #expect(
            addresses[1]._rawHashValue(seed: seed) != addresses[1]._rawHashValue(seed: seed + 1),
            "the seed keys the mix")
        var table = [Address: Int]()
        for (i, a) in addresses.enumerated() { table[a] = i }
        #expect(addresses.allSatisfy { table[$0] == Int($0.lo) })
    }
}

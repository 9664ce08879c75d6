import Ethereum
import SpottedLedger
import SpottedProtocol
import Testing

/// The `claim digest`, `bundle encode` and `recover` helpers against known vectors computed
/// independently with Python eth-account 0.14 / eth-abi 6 (`encode_typed_data`,
/// `Account.unsafe_sign_hash`, `eth_abi.encode`), and against the protocol library.
@Suite struct SigningHelpersTests {
    static let resolver = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xaa))
    static let user = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xb0b))
    /// eth-account: the digest of State(user 0x…0B0B, chain 2, block 100, timestamp 1700000000,
    /// key 7, value 42) under SpottedStateResolver 1.0.0, chainId 1, verifyingContract 0x…aa.
    static let digest = "0x6529b9c99f44bac41fd37b15a815c57a81b2e36f32876c8f9c6a13ffa8d4cb74"
    /// eth-account: the domain separator and hashStruct(State) of that claim.
    static let separator = "0xdeda02b9111036fe483935648afbd29867a84a75b34f3f35f5cc6acea8d0431b"
    static let structHash = "0xa8dd8f7f7b9401ca4af061ef8ae848f9fa457298fba61ac555a79b3a8e0177f2"
    /// eth-account: that digest signed with private keys 1 and 2.
    static let signature1 =
        "0x1916a2d73a82eda65e7c84371fc9386f1394741cdaeed66a7be85e27cd11683f2da4edbf4dc5a0ad1eb259f4e9056b235e5a4561f14e4dc388c4f806c39fad871c"
    static let signature2 =
        "0xdf20b127870065779eda7bc1b0809d61d58d208fe7540de6b352fd3b2a55d70141551719403ea24110cd4fe9a5d7f64c9890c2b51d73d77cce8c9044d9527b7d1c"
    static let address1 = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
    static let address2 = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF"

    static func claim() throws -> StateClaim {
        try StateClaim(
            user: user, chainId: 2, blockNumber: 100, timestamp: 1_700_000_000, key: 7, value: 42)
    }

    @Test(
        "claim digest: eth-account's EIP-712 digest, separator and struct hash; the claim's task id"
    )
    func claimDigest() throws {
        let domain = StateClaim.resolverDomain(chainId: 1, resolver: Self.resolver)
        let c = try Self.claim()
        let r = SigningHelpers.claimDigest(c, domain: domain)
        #expect(r.digest.description == Self.digest)
        #expect(r.domain.separator.description == Self.separator)
        #expect(r.structHash.description == Self.structHash)
        #expect(r.taskId == c.taskId)
        #expect(r.domain.name == "SpottedStateResolver" && r.domain.version == "1.0.0")
        #expect(r.typeString == StateClaim.typeString)
    }

    @Test("bundle encode: eth-abi's encoding, sorted by operator, equal to SignatureBundle's")
    func bundleEncode() throws {
        let a1 = try Address(Self.address1)
        let a2 = try Address(Self.address2)
        let s1 = try Hex.decode(Self.signature1)
        let s2 = try Hex.decode(Self.signature2)
        // Given out of order: the helper sorts (a2 < a1).
        let r = try SigningHelpers.bundle([(a1, s1), (a2, s2)], referenceEpoch: 3)
        #expect(r.operators == [a2, a1])
        let expected =
            "0x0000000000000000000000000000000000000000000000000000000000000060"
            + "00000000000000000000000000000000000000000000000000000000000000c0"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000002b5ad5c4795c026514f8317c7a215e218dccd6cf"
            + "0000000000000000000000007e5f4552091a69125d5dfcb7b8c2659029395bdf"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000040"
            + "00000000000000000000000000000000000000000000000000000000000000c0"
            + "0000000000000000000000000000000000000000000000000000000000000041"
            + Self.signature2.dropFirst(2) + String(repeating: "0", count: 62)
            + "0000000000000000000000000000000000000000000000000000000000000041"
            + Self.signature1.dropFirst(2) + String(repeating: "0", count: 62)
        #expect(Hex.encode(r.signatureData.bytes) == expected)
        let library = SignatureBundle(sorting: [(a1, s1), (a2, s2)], referenceEpoch: 3).encoded()
        #expect(r.signatureData.bytes == library)
        let decoded = try SignatureBundle(decoding: r.signatureData.bytes)
        #expect(decoded.operators == [a2, a1] && decoded.signatures == [s2, s1])
        #expect(decoded.referenceEpoch == 3)
    }

    @Test("bundle encode refuses: no operators, a short signature, an operator given twice")
    func bundleRefusals() throws {
        let a1 = try Address(Self.address1)
        let s1 = try Hex.decode(Self.signature1)
        #expect(throws: QueryError.self) { try SigningHelpers.bundle([], referenceEpoch: 0) }
        #expect(throws: QueryError.self) {
            try SigningHelpers.bundle([(a1, Array(s1.prefix(64)))], referenceEpoch: 0)
        }
        #expect(throws: QueryError.self) {
            try SigningHelpers.bundle([(a1, s1), (a1, s1)], referenceEpoch: 0)
        }
    }

    @Test("recover: eth-account's signatures recover to keys 1 and 2")
    func recoverVector() throws {
        let d = try Word(hex: Self.digest)
        #expect(
            try ECDSA.recover(digest: d, signature: Hex.decode(Self.signature1)).checksummed
                == Self.address1)
        #expect(
            try ECDSA.recover(digest: d, signature: Hex.decode(Self.signature2)).checksummed
                == Self.address2)
    }
}

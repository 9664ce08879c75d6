import Ethereum
import SpottedProtocol
import Testing

@Suite struct StateClaimTests {
    @Test("task id is the 70-byte packed preimage of spec §12.3 (value excluded)")
    func taskId() throws {
        let claim = try StateClaim(
            user: Address("0x1111111111111111111111111111111111111111"), chainId: 10,
            blockNumber: 123_456, timestamp: 1_700_000_000, key: 1, value: 42)
        #expect(
            claim.taskId
                == (try Word(
                    hex: "a108810d70b93bf94a5ce9f0be33237df4e19e0e7b0699e55e8ab635ae8f55b2")))
        var other = claim
        other.value = 43
        #expect(other.taskId == claim.taskId)
        #expect(other.structHash != claim.structHash)
    }

    @Test("State type hash with timestamp (Workflow variant)")
    func typeHash() throws {
        #expect(
            StateClaim.typeHash
                == (try Word(
                    hex: "61ab3e290e84581bd827fc6d396e1c58f7ea52863e2f474157b419dbd5a674e8")))
    }

    @Test("struct hash = keccak256(abi.encode(typeHash, fields…))")
    func structHash() throws {
        let claim = try StateClaim(
            user: Address("0x1234567890123456789012345678901234567890"), chainId: 1,
            blockNumber: 12_345, timestamp: 99, key: 1, value: 100)
        let encoded = try ABI.encode(
            [
                .fixedBytes(StateClaim.typeHash.bytes), .address(claim.user), .uint(1),
                .uint(12_345), .uint(99), .uint(1), .uint(100),
            ],
            as: [.bytes32, .address, .uint(32), .uint(64), .uint(48), .uint256, .uint256])
        #expect(claim.structHash == Keccak256.hash(encoded))
    }

    @Test func timestampMustFitUint48() throws {
        #expect(throws: StateClaim.Error.timestampOutOfRange(1 << 48)) {
            try StateClaim(
                user: .zero, chainId: 1, blockNumber: 1, timestamp: 1 << 48, key: 0, value: 0)
        }
    }

    @Test("a bundle encodes sorted by operator and decodes back to itself")
    func bundleRoundTrip() throws {
        let keys = try (1...5).map { try PrivateKey(Keccak256.hash("k\($0)")) }
        let digest = Keccak256.hash("d")
        let bundle = SignatureBundle(
            sorting: keys.map { ($0.address, $0.sign(digest: digest).bytes) }, referenceEpoch: 3)
        #expect(bundle.operators == bundle.operators.sorted())
        #expect(try SignatureBundle(decoding: bundle.encoded()) == bundle)
        #expect(throws: ABIError.self) {
            try SignatureBundle(decoding: Array(bundle.encoded().dropLast(40)))
        }
    }
}

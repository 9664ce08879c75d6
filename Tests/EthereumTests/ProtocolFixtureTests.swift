import Ethereum
import Testing

/// The "(computed)" fixtures of spec/spotted-protocol.md and spec/ethereum.md, built from the
/// Ethereum primitives the protocol module uses.
@Suite struct ProtocolFixtureTests {
    static let stateTypeV6 =
        "State(address user,uint32 chainId,uint64 blockNumber,uint256 key,uint256 value)"
    static let stateTypeWorkflow =
        "State(address user,uint32 chainId,uint64 blockNumber,uint48 timestamp,uint256 key,uint256 value)"

    @Test(
        "challenge id / task id = keccak256(encodePacked(user, uint32, uint64, uint48, uint256)), 70 bytes"
    )
    func challengeId() throws {
        let packed = try ABI.encodePacked(
            [
                .address(address("0x1111111111111111111111111111111111111111")), .uint(10),
                .uint(123_456), .uint(1_700_000_000), .uint(1),
            ],
            as: [.address, .uint(32), .uint(64), .uint(48), .uint256])
        #expect(packed.count == 70)
        #expect(
            packed
                == (try bytes(
                    "1111111111111111111111111111111111111111 0000000a 000000000001e240 00006553f100"
                ) + UInt256(1).word.bytes))
        #expect(
            Keccak256.hash(packed)
                == (try word("a108810d70b93bf94a5ce9f0be33237df4e19e0e7b0699e55e8ab635ae8f55b2")))
    }

    @Test("6de739e challenge id keccak256(abi.encode(State)) and generateTaskId of the same slot")
    func legacyIds() throws {
        let user = try address("0x1111111111111111111111111111111111111111")
        let state: [ABIValue] = [.address(user), .uint(10), .uint(123_456), .uint(1), .uint(42)]
        let encoded = try ABI.encode(
            state, as: [.address, .uint(32), .uint(64), .uint256, .uint256])
        #expect(
            Keccak256.hash(encoded)
                == (try word("6503de25735e8fa51fc334c7be7c823625a37bb8ae1297bb483ad0e343601b0e")))
        let packed = try ABI.encodePacked(
            state, as: [.address, .uint(32), .uint(64), .uint256, .uint256])
        #expect(packed.count == 96)
        #expect(
            Keccak256.hash(packed)
                == (try word("5ae672697a2c6eee8ba01c276416e36226f59bd0c78c69977234ac78456b83de")))
    }

    @Test("State type hashes")
    func stateTypeHashes() throws {
        #expect(
            Keccak256.hash(Self.stateTypeV6)
                == (try word("bc913d77bee63bc4d61b2080f5127366f901e2c6b929db5a6557e64ee312f118")))
        #expect(
            Keccak256.hash(Self.stateTypeWorkflow)
                == (try word("61ab3e290e84581bd827fc6d396e1c58f7ea52863e2f474157b419dbd5a674e8")))
    }

    @Test(
        "State struct hash, resolver domain and digest (user 0x1234…, chain 1, block 12345, key 1, value 100)"
    )
    func stateDigest() throws {
        let user = try address("0x1234567890123456789012345678901234567890")
        let fields = [
            user.word, UInt256(1).word, UInt256(12_345).word, UInt256(1).word, UInt256(100).word,
        ]
        let structHash = EIP712.hashStruct(
            typeHash: Keccak256.hash(Self.stateTypeV6), fields: fields)
        #expect(
            structHash
                == (try word("e010606cb0aa4fd338f69839e3c4166f06c996e22724b62f5fc2472c3f071de1")))
        let taskId = Keccak256.hash(fields.flatMap(\.bytes))
        #expect(
            taskId == (try word("bc06ffecf105ec8f9715ec1d8fb2e5e7b4ae6e5b7c01ac19077a2a38b141df21"))
        )
        let domain = EIP712.Domain(
            name: "SpottedStateResolver", version: "1.0.0", chainId: 1,
            verifyingContract: try address("0x2222222222222222222222222222222222222222"))
        #expect(
            domain.separator
                == (try word("fecaef06ddfd1c4a45da94de3f725c44f9bab545409e28a440c3006809e9c2a0")))
        #expect(
            EIP712.digest(domainSeparator: domain.separator, structHash: structHash)
                == (try word("078e0052fa0bac7365126a5933abee6260da260212eef5b2a5f71085be1b41de")))
        // generateTaskId (96 packed bytes) and the off-chain node's 148-byte message hash.
        let generated = try ABI.encodePacked(
            [.address(user), .uint(1), .uint(12_345), .uint(1), .uint(100)],
            as: [.address, .uint(32), .uint(64), .uint256, .uint256])
        #expect(
            Keccak256.hash(generated)
                == (try word("a8fa3cc32a567ba04270897af252658c6096730b2e896da3560860727d177492")))
        let node = user.bytes + fields.dropFirst().flatMap(\.bytes)
        #expect(node.count == 148)
        #expect(
            Keccak256.hash(node)
                == (try word("5ea039c1c50af52e8e1c54f57c0aa029a488f5aad50fff831d7506f60ecb5655")))
    }

    @Test("State struct (slot 0x11…, chain 10, value 42) under the 0x3333… resolver")
    func stateDigestSecondFixture() throws {
        let fields = [
            try address("0x1111111111111111111111111111111111111111").word, UInt256(10).word,
            UInt256(123_456).word, UInt256(1).word, UInt256(42).word,
        ]
        let structHash = EIP712.hashStruct(
            typeHash: Keccak256.hash(Self.stateTypeV6), fields: fields)
        #expect(
            structHash
                == (try word("b3d3ac682820f46f4d1262f5f6d4f8c047a8a2411ebc2ef9dc6927b0b8eaef32")))
        let domain = EIP712.Domain(
            name: "SpottedStateResolver", version: "1.0.0", chainId: 1,
            verifyingContract: try address("0x3333333333333333333333333333333333333333"))
        #expect(
            domain.separator
                == (try word("8525b0b786ba2317427e9e221d2911179b9f813852b39ed6a737f9264c1301d0")))
        #expect(
            EIP712.digest(domainSeparator: domain.separator, structHash: structHash)
                == (try word("769081bc16f4e3e28975c657d000aa807d1026f838751b0711ade3149feae766")))
    }

    @Test("UPDATE_QUORUM payload: (Quorum, address[], uint256[], uint256), 448 bytes")
    func updateQuorumLayout() throws {
        let operatorAddress = try address("0x00000000000000000000000000000000000000cc")
        let quorumType = ABIType.tuple([.array(.tuple([.address, .uint(96)]))])
        let types: [ABIType] = [quorumType, .array(.address), .array(.uint256), .uint256]
        let values: [ABIValue] = [
            .tuple([
                .array([
                    .tuple([
                        .address(try address("0x000000000000000000000000000000000000000a")),
                        .uint(4000),
                    ]),
                    .tuple([
                        .address(try address("0x000000000000000000000000000000000000000b")),
                        .uint(6000),
                    ]),
                ])
            ]),
            .array([.address(operatorAddress)]), .array([.uint(1000)]), .uint(5000),
        ]
        let encoded = try ABI.encode(values, as: types)
        #expect(encoded.count == 448)
        #expect(
            encoded
                == (try words([
                    "80", "0140", "0180", "1388", "20", "02", "0a", "0fa0", "0b", "1770", "01",
                    "cc", "01", "03e8",
                ])))
        #expect(try ABI.decode(encoded, as: types) == values)
    }

    @Test("a one-REGISTER batch abi.encode(uint256 epoch, (uint8,bytes)[]), 352 bytes")
    func batchLayout() throws {
        let op = try address("0x00000000000000000000000000000000000000a1")
        let key = try address("0x00000000000000000000000000000000000000b2")
        let register = try ABI.encode(
            [.address(op), .address(key), .uint(700), .uint(900)],
            as: [.address, .address, .uint256, .uint256])
        #expect(register.count == 128)
        let types: [ABIType] = [.uint256, .array(.tuple([.uint(8), .bytes]))]
        let batch = try ABI.encode(
            [.uint(1), .array([.tuple([.uint(0), .bytes(register)])])], as: types)
        #expect(batch.count == 352)
        #expect(
            batch
                == (try words([
                    "01", "40", "01", "20", "00", "40", "80", "a1", "b2", "02bc", "0384",
                ])))
    }

    @Test("selectors the bridge and receivers rely on")
    func selectors() throws {
        #expect(ABI.selector("handleMessage(address,bytes,bytes32)") == (try bytes("05d6cb96")))
        #expect(ABI.selector("processEpochUpdate((uint8,bytes)[])") == (try bytes("4d501ea4")))
        #expect(
            ABI.selector("processEpochUpdate(uint256,(uint8,bytes)[])") == (try bytes("1ba7252e")))
    }
}

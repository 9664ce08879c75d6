import Ethereum
import SpottedProtocol
import Testing

/// `isValidSignature` on the main registry with real secp256k1 signers (spec §9.6).
@Suite struct IsValidSignatureTests {
    /// A ledger in epoch 1 with `count` registered operators of weight 1000 each.
    static func ledger(operators count: Int, threshold: UInt256 = 0) throws -> (
        Harness, [Harness.Operator]
    ) {
        var h = try Harness(threshold: threshold)
        var ops = [Harness.Operator]()
        for i in 0..<count {
            let op = try Harness.Operator("op\(i)")
            try h.register(op)
            ops.append(op)
        }
        try h.advance(to: 45_001)
        return (h, ops)
    }

    static let claim = try! StateClaim(
        user: Address(lowBytesOf: Keccak256.hash("user")), chainId: 10, blockNumber: 99,
        timestamp: 5, key: 1, value: 42)

    static func bundle(
        _ ops: [Harness.Operator], digest: Word, epoch: UInt32 = 1, sorted: Bool = true
    ) -> [UInt8] {
        let pairs = ops.map { ($0.address, $0.signingKey.sign(digest: digest).bytes) }
        if sorted { return SignatureBundle(sorting: pairs, referenceEpoch: epoch).encoded() }
        return SignatureBundle(
            operators: pairs.map(\.0), signatures: pairs.map(\.1), referenceEpoch: epoch
        ).encoded()
    }

    func refusal(_ body: () throws(ProtocolError) -> [UInt8]) -> String? {
        do {
            _ = try body()
            return nil
        } catch { return error.name }
    }

    @Test("1, 3 and 100 real signers are accepted", arguments: [1, 3, 100])
    func accepted(count: Int) throws {
        let (h, ops) = try Self.ledger(operators: count, threshold: UInt256(UInt64(count) * 1000))
        let digest = Self.claim.digest(domain: h.genesis.resolverDomain)
        #expect(
            try h.state.isValidSignature(
                digest: digest, signatureData: Self.bundle(ops, digest: digest))
                == SignatureChecker.magicValue)
    }

    @Test(
        "refusals in the contract's order: unsorted, duplicate, wrong key, stale and future epoch, threshold"
    )
    func refused() throws {
        let (h, ops) = try Self.ledger(operators: 3, threshold: 2500)
        let digest = Self.claim.digest(domain: h.genesis.resolverDomain)
        let state = h.state
        // Unsorted.
        let byAddress = ops.sorted { $0.address < $1.address }
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest,
                    signatureData: Self.bundle(byAddress.reversed(), digest: digest, sorted: false))
            } == "NotSorted")
        // Duplicate operator.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest,
                    signatureData: Self.bundle(
                        [byAddress[0], byAddress[0], byAddress[1]], digest: digest, sorted: false))
            } == "NotSorted")
        // Signed with the operator key instead of the signing key.
        let wrongKey = SignatureBundle(
            sorting: byAddress.map { ($0.address, $0.key.sign(digest: digest).bytes) },
            referenceEpoch: 1
        ).encoded()
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: wrongKey)
            } == "InvalidSignature")
        // Another digest.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: Keccak256.hash("other"), signatureData: Self.bundle(ops, digest: digest)
                )
            } == "InvalidSignature")
        // Stale epoch: at epoch 0 nobody had a key yet.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest, signatureData: Self.bundle(ops, digest: digest, epoch: 0))
            } == "InvalidSignature")
        // Future epoch.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest, signatureData: Self.bundle(ops, digest: digest, epoch: 2))
            } == "InvalidEpoch")
        // Below threshold: two of three signers carry 2000 < 2500.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest, signatureData: Self.bundle(Array(ops.prefix(2)), digest: digest)
                )
            } == "InsufficientSignedStake")
        // Lengths.
        let mismatch = SignatureBundle(
            operators: [ops[0].address], signatures: [], referenceEpoch: 1
        ).encoded()
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: mismatch)
            } == "LengthMismatch")
        let empty = SignatureBundle(operators: [], signatures: [], referenceEpoch: 1).encoded()
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: empty)
            } == "InvalidLength")
        // Malformed bytes and malleated signatures.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: [1, 2, 3])
            } == "InvalidPayload")
        var highS = byAddress.map { ($0.address, $0.signingKey.sign(digest: digest)) }
        highS[0].1.s =
            UInt256(ECDSA.curveOrder).subtractingReportingOverflow(UInt256(highS[0].1.s))
            .partialValue.word
        highS[0].1.v ^= 0x07  // 27 ↔ 28
        let malleated = SignatureBundle(
            operators: highS.map(\.0), signatures: highS.map { $0.1.bytes }, referenceEpoch: 1
        ).encoded()
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: malleated)
            } == "InvalidSignature")
        // All three together pass.
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(
                    digest: digest, signatureData: Self.bundle(ops, digest: digest))
            } == nil)
    }

    @Test("a rotated key signs from its effective epoch on, the old key until then")
    func rotatedKey() throws {
        var (h, ops) = try Self.ledger(operators: 1)
        let digest = Self.claim.digest(domain: h.genesis.resolverDomain)
        let newKey = try PrivateKey(Keccak256.hash("rotated"))
        try h.submit(.updateOperatorSigningKey(newKey.address), from: ops[0].address)
        try h.advance(to: 90_001)  // epoch 2
        let oldBundle = { (epoch: UInt32) in
            SignatureBundle(
                operators: [ops[0].address],
                signatures: [ops[0].signingKey.sign(digest: digest).bytes], referenceEpoch: epoch
            ).encoded()
        }
        let newBundle = { (epoch: UInt32) in
            SignatureBundle(
                operators: [ops[0].address], signatures: [newKey.sign(digest: digest).bytes],
                referenceEpoch: epoch
            ).encoded()
        }
        let state = h.state
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: oldBundle(1))
            } == nil)
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: oldBundle(2))
            } == "InvalidSignature")
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: newBundle(1))
            } == "InvalidSignature")
        #expect(
            refusal { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: newBundle(2))
            } == nil)
    }
}

import Ethereum
import SpottedProtocol
import Testing

/// Oversized arrays and payloads: every list an action carries has a limit, checked before any
/// work proportional to its length (no signature recovered, no weight computed), refused with the
/// field and the limit, and the state left as it was.
@Suite struct BoundedInputTests {
    static let stranger = Address(lowBytesOf: Keccak256.hash("stranger"))

    static func addresses(_ count: Int) -> [Address] {
        (1...count).map { Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: UInt64($0))) }
    }

    @Test("each per-action list limit refuses one item more, naming the field")
    func listLimits() throws {
        var h = try Harness()
        let alice = try Harness.Operator("alice")
        try h.register(alice)
        let strategies = Limits.maxStrategiesPerEvent + 1
        h.expectRefusal(
            .setOperatorShares(
                operator: alice.address,
                shares: Self.addresses(strategies).map { StrategyShares(strategy: $0, shares: 1) }),
            from: alice.address, "TooManyItems")
        h.expectRefusal(
            .updateOperators(
                Array(repeating: alice.address, count: Limits.maxOperatorsPerEvent + 1)),
            from: alice.address, "TooManyItems")
        h.expectRefusal(
            .updateOperatorsForQuorum(
                Array(repeating: [alice.address], count: Limits.maxQuorumLists + 1)),
            from: Harness.owner, "TooManyItems")
        h.expectRefusal(
            .setSlashableStrategies(Self.addresses(strategies)), from: Harness.owner, "TooManyItems"
        )
        h.expectRefusal(
            .batchSetValues(
                Array(repeating: KeyValue(key: 1, value: 1), count: Limits.maxBatchSetValues + 1)),
            from: alice.address, "BatchTooLarge")
        let tooWide = Quorum(
            strategies: Self.addresses(Limits.maxQuorumStrategies + 1).map {
                StrategyParams(strategy: $0, multiplier: 1)
            })
        h.expectRefusal(
            .updateQuorumConfig(tooWide, operators: []), from: Harness.owner, "InvalidQuorum")
    }

    @Test("a challenge with more signatures than the limit is refused before any is recovered")
    func challengeSignatures() throws {
        var h = try Harness()
        try h.submit(.setSlashableStrategies([Harness.strategyA]), from: Harness.owner)
        let claim = try StateClaim(
            user: Self.stranger, chainId: 10, blockNumber: 1, timestamp: 1, key: 1, value: 1)
        // Garbage signatures: recovering any of them would fail with InvalidSignature instead.
        let garbage = [UInt8](repeating: 0xee, count: 65)
        h.expectRefusal(
            .submitChallenge(
                claim: claim,
                signatures: Array(repeating: garbage, count: Limits.maxChallengeSignatures + 1),
                bond: h.genesis.challengeBondWei),
            from: Self.stranger, "TooManySignatures")
    }

    @Test("a signature bundle with more signers than the limit is refused before any is recovered")
    func bundleSigners() throws {
        let h = try Harness()
        let count = Limits.maxBundleSigners + 1
        let bundle = SignatureBundle(
            operators: Self.addresses(count),
            signatures: Array(repeating: [UInt8](repeating: 0xee, count: 65), count: count),
            referenceEpoch: 0
        ).encoded()
        do {
            _ = try h.state.isValidSignature(
                digest: Keccak256.hash("digest"), signatureData: bundle)
            Issue.record("an oversized bundle was accepted")
        } catch {
            #expect(
                error
                    == .ledger(
                        .tooManyItems(
                            field: "operators", count: count, limit: Limits.maxBundleSigners)))
        }
    }

    @Test("a bridge payload over the size limit is refused before it is decoded")
    func batchPayload() {
        let payload = [UInt8](repeating: 0, count: Limits.maxPayloadBytes + 1)
        #expect(
            throws: ProtocolError.ledger(
                .tooManyItems(
                    field: "payload bytes", count: payload.count, limit: Limits.maxPayloadBytes))
        ) {
            try ReplicaUpdate.decodeBatch(payload)
        }
    }
}

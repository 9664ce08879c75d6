import Ethereum
import SpottedTestSupport
import Testing

@testable import SpottedProtocol

@Suite struct EventCodecTests {
    static func sample() throws -> [ProtocolEvent] {
        let a = Address(lowBytesOf: Keccak256.hash("a"))
        let b = Address(lowBytesOf: Keccak256.hash("b"))
        let w = Keccak256.hash("w")
        let genesis = try Harness().genesis
        let quorum = genesis.quorum
        let claim = try StateClaim(
            user: a, chainId: 7, blockNumber: 9, timestamp: 11, key: 13, value: 17)
        return [
            .genesis(genesis), .epochTransition(epoch: 3),
            .setOperatorShares(operator: a, shares: [StrategyShares(strategy: b, shares: 5)]),
            .registerOperator(
                signature: RegistrationSignature(signature: [1, 2, 3], salt: w, expiry: 99),
                signingKey: a, p2pKey: b),
            .deregisterOperator, .updateOperatorSigningKey(a), .updateOperatorP2pKey(b),
            .updateOperators([a, b]),
            .updateOperatorsForQuorum([[a], [b, a]]), .updateQuorumConfig(quorum, operators: [a]),
            .updateMinimumWeight(4, operators: [b]),
            .updateStakeThreshold(8), .cancelSalt(w),
            .addBridge(chainId: 2, bridge: a, receiver: b),
            .modifyBridge(chainId: 2, bridge: b, receiver: a),
            .removeBridge(chainId: 2), .sendStateUpdates(chainId: 3, value: 10),
            .initializeReplica(abridge: a, receiver: b),
            .deliverMessage(BridgeDelivery(guid: w, from: a, to: b, payload: [9, 9])),
            .setValue(key: 1, value: 2),
            .batchSetValues([KeyValue(key: 1, value: 2), KeyValue(key: 3, value: 4)]),
            .createTask(claim.slot), .respondToTask(taskId: w, value: 5, signature: [7]),
            .deployRemoteVerifier(a),
            .setRemoteVerifier(chainId: 2, verifier: b),
            .verifyState(user: a, key: 1, blockNumber: 2, value: 3), .setOperatorSetId(4),
            .setSlashableStrategies([a, b]), .setSlashAmount(6),
            .submitChallenge(claim: claim, signatures: [[1], [2, 3]], bond: 8),
            .resolveChallenge(w), .claim,
            .submitRewards(
                epoch: 1, token: a, amount: 2, startTimestamp: 604_800, duration: 604_800),
        ]
    }

    @Test("every event kind round-trips through its kind code and ABI payload")
    func roundTrip() throws {
        let events = try Self.sample()
        #expect(Set(events.map { EventCodec.encode($0).kind }).count == EventCodec.kinds.count)
        for event in events {
            let (kind, payload) = EventCodec.encode(event)
            #expect(
                try EventCodec.decode(kind: kind, schemaVersion: 1, payload: payload) == event,
                "\(EventCodec.name(of: kind) ?? "?")")
            #expect(EventCodec.code(of: EventCodec.name(of: kind) ?? "") == kind)
        }
    }

    @Test("unknown kinds, schema versions and malformed payloads are typed errors")
    func malformed() throws {
        #expect(throws: EventCodec.DecodingError.self) {
            try EventCodec.decode(kind: 999, schemaVersion: 1, payload: [])
        }
        #expect(throws: EventCodec.DecodingError.self) {
            try EventCodec.decode(kind: 1, schemaVersion: 2, payload: UInt256(1).word.bytes)
        }
        var rng = SplitMix64(seed: 7)
        for event in try Self.sample() {
            let (kind, payload) = EventCodec.encode(event)
            for _ in 0..<20 {
                var bytes = payload
                if bytes.isEmpty || rng.next() % 3 == 0 {
                    bytes = (0..<Int(rng.next() % 200)).map { _ in
                        UInt8(truncatingIfNeeded: rng.next())
                    }
                } else {
                    bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(
                        truncatingIfNeeded: rng.next() | 1)
                }
                _ = try? EventCodec.decode(kind: kind, schemaVersion: 1, payload: bytes)  // must not trap
            }
        }
    }

    @Test(
        "the in-place response decoder agrees with the strict ABI decoder on valid and mutated bytes"
    )
    func responseFastPath() throws {
        var rng = SplitMix64(seed: 0x22)
        var fastHits = 0
        for _ in 0..<3_000 {
            let signature = (0..<Int(rng.next() % 100)).map { _ in
                UInt8(truncatingIfNeeded: rng.next())
            }
            let event = ProtocolEvent.respondToTask(
                taskId: Keccak256.hash(signature),
                value: UInt256(l0: rng.next(), l1: 0, l2: rng.next(), l3: rng.next()),
                signature: signature)
            var bytes = EventCodec.encode(event).payload
            #expect(try EventCodec.decode(kind: 22, schemaVersion: 1, payload: bytes) == event)
            switch rng.next() % 4 {
            case 0: break
            case 1: bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
            case 2: bytes.removeLast(Int(rng.next() % UInt64(bytes.count)) + 1)
            default: bytes += [UInt8](repeating: 0, count: 32)
            }
            let fast = bytes.withUnsafeBytes { EventCodec.canonicalResponse($0) }
            let strict = bytes.withUnsafeBytes {
                try? EventCodec.decodeStrictly(kind: 22, schemaVersion: 1, payload: $0)
            }
            if let fast {
                fastHits += 1
                #expect(
                    fast == strict,
                    "the fast path accepted bytes the strict decoder reads differently")
            }
            #expect((try? EventCodec.decode(kind: 22, schemaVersion: 1, payload: bytes)) == strict)
        }
        #expect(fastHits > 1_000)
    }
}

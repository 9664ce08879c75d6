import Ethereum

/// How a ``ProtocolEvent`` is stored in the log: a kind code, a schema version, and its fields
/// ABI-encoded as one tuple (strict to decode, readable by Ethereum tooling). Codes never change;
/// a new field means a new schema version with its own decoder.
public enum EventCodec {
    public static let schemaVersion: UInt16 = 1

    /// Kind codes and names, in code order.
    public static let kinds: [(code: UInt16, name: String)] = [
        (0, "genesis"), (1, "epoch-transition"), (2, "set-operator-shares"), (3, "register-operator"),
        (4, "deregister-operator"), (5, "update-operator-signing-key"), (6, "update-operator-p2p-key"),
        (7, "update-operators"), (8, "update-operators-for-quorum"), (9, "update-quorum-config"),
        (10, "update-minimum-weight"), (11, "update-stake-threshold"), (12, "cancel-salt"), (13, "add-bridge"),
        (14, "modify-bridge"), (15, "remove-bridge"), (16, "send-state-updates"), (17, "initialize-replica"),
        (18, "deliver-message"), (19, "set-value"), (20, "batch-set-values"), (21, "create-task"),
        (22, "respond-to-task"), (23, "deploy-remote-verifier"), (24, "set-remote-verifier"), (25, "verify-state"),
        (26, "set-operator-set-id"), (27, "set-slashable-strategies"), (28, "set-slash-amount"),
        (29, "submit-challenge"), (30, "resolve-challenge"), (31, "claim"), (32, "submit-rewards"),
    ]

    public static func name(of code: UInt16) -> String? { Int(code) < kinds.count ? kinds[Int(code)].name : nil }
    public static func code(of name: String) -> UInt16? { kinds.first { $0.name == name }?.code }

    /// Why stored bytes are not an event.
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static let quorumType = ABIType.array(.tuple([.address, .uint(96)]))
    static let genesisTypes: [ABIType] = [.uint(64), .uint(64), .uint(64), .uint(64), .address, .address, .address, .address, .address,
                                          .uint256, .address, .address, .uint256, .uint(64), .uint256, quorumType, .uint256, .uint256]

    static func types(_ code: UInt16) -> [ABIType]? {
        switch code {
        case 0: genesisTypes
        case 1, 26: [.uint(32)]
        case 2: [.address, .array(.tuple([.address, .uint256]))]
        case 3: [.bytes, .bytes32, .uint256, .address, .address]
        case 4, 31: []
        case 5, 6, 23: [.address]
        case 7, 27: [.array(.address)]
        case 8: [.array(.array(.address))]
        case 9: [quorumType, .array(.address)]
        case 10: [.uint256, .array(.address)]
        case 11, 28: [.uint256]
        case 12, 30: [.bytes32]
        case 13, 14: [.uint(64), .address, .address]
        case 15: [.uint(64)]
        case 16: [.uint(64), .uint256]
        case 17: [.address, .address]
        case 18: [.bytes32, .address, .address, .bytes]
        case 19: [.uint256, .uint256]
        case 20: [.array(.tuple([.uint256, .uint256]))]
        case 21: [.address, .uint(32), .uint(64), .uint(48), .uint256]
        case 22: [.bytes32, .uint256, .bytes]
        case 24: [.uint(64), .address]
        case 25: [.address, .uint256, .uint(64), .uint256]
        case 29: [.address, .uint(32), .uint(64), .uint(48), .uint256, .uint256, .array(.bytes), .uint256]
        case 32: [.uint(32), .address, .uint256, .uint(32), .uint(32)]
        default: nil
        }
    }

    /// The kind code and ABI values of `event`.
    static func fields(_ event: ProtocolEvent) -> (UInt16, [ABIValue]) {
        func u(_ v: some BinaryInteger) -> ABIValue { .uint(UInt256(UInt64(v))) }
        func addresses(_ list: [Address]) -> ABIValue { .array(list.map { .address($0) }) }
        func quorum(_ q: Quorum) -> ABIValue { .array(q.strategies.map { .tuple([.address($0.strategy), .uint($0.multiplier)]) }) }
        switch event {
        case .genesis(let g):
            return (0, [u(g.mainChainId), u(g.genesisBlock), u(g.epochLengthBlocks), u(g.gracePeriodBlocks), .address(g.avsDirectory),
                        .address(g.serviceManager), .address(g.resolver), .address(g.owner), .address(g.registryStateSender), .uint(g.bridgeFee),
                        .address(g.mainAbridge), .address(g.mainChainVerifier), .uint(g.challengeBond), u(g.challengeWindowBlocks),
                        .uint(g.slashAmount), quorum(g.quorum), .uint(g.thresholdWeight), .uint(g.minimumWeight)])
        case .epochTransition(let e): return (1, [u(e)])
        case .setOperatorShares(let op, let list): return (2, [.address(op), .array(list.map { .tuple([.address($0.strategy), .uint($0.shares)]) })])
        case .registerOperator(let sig, let key, let p2p):
            return (3, [.bytes(sig.signature), .fixedBytes(sig.salt.bytes), .uint(sig.expiry), .address(key), .address(p2p)])
        case .deregisterOperator: return (4, [])
        case .updateOperatorSigningKey(let a): return (5, [.address(a)])
        case .updateOperatorP2pKey(let a): return (6, [.address(a)])
        case .updateOperators(let ops): return (7, [addresses(ops)])
        case .updateOperatorsForQuorum(let lists): return (8, [.array(lists.map(addresses))])
        case .updateQuorumConfig(let q, let ops): return (9, [quorum(q), addresses(ops)])
        case .updateMinimumWeight(let m, let ops): return (10, [.uint(m), addresses(ops)])
        case .updateStakeThreshold(let t): return (11, [.uint(t)])
        case .cancelSalt(let s): return (12, [.fixedBytes(s.bytes)])
        case .addBridge(let c, let b, let r): return (13, [u(c), .address(b), .address(r)])
        case .modifyBridge(let c, let b, let r): return (14, [u(c), .address(b), .address(r)])
        case .removeBridge(let c): return (15, [u(c)])
        case .sendStateUpdates(let c, let v): return (16, [u(c), .uint(v)])
        case .initializeReplica(let a, let r): return (17, [.address(a), .address(r)])
        case .deliverMessage(let d): return (18, [.fixedBytes(d.guid.bytes), .address(d.from), .address(d.to), .bytes(d.payload)])
        case .setValue(let k, let v): return (19, [.uint(k), .uint(v)])
        case .batchSetValues(let items): return (20, [.array(items.map { .tuple([.uint($0.key), .uint($0.value)]) })])
        case .createTask(let s): return (21, [.address(s.user), u(s.chainId), u(s.blockNumber), u(s.timestamp), .uint(s.key)])
        case .respondToTask(let id, let v, let sig): return (22, [.fixedBytes(id.bytes), .uint(v), .bytes(sig)])
        case .deployRemoteVerifier(let a): return (23, [.address(a)])
        case .setRemoteVerifier(let c, let a): return (24, [u(c), .address(a)])
        case .verifyState(let user, let key, let block, let value): return (25, [.address(user), .uint(key), u(block), .uint(value)])
        case .setOperatorSetId(let id): return (26, [u(id)])
        case .setSlashableStrategies(let list): return (27, [addresses(list)])
        case .setSlashAmount(let w): return (28, [.uint(w)])
        case .submitChallenge(let c, let sigs, let bond):
            return (29, [.address(c.user), u(c.chainId), u(c.blockNumber), u(c.timestamp), .uint(c.key), .uint(c.value),
                         .array(sigs.map { .bytes($0) }), .uint(bond)])
        case .resolveChallenge(let id): return (30, [.fixedBytes(id.bytes)])
        case .claim: return (31, [])
        case .submitRewards(let e, let token, let amount, let start, let duration): return (32, [u(e), .address(token), .uint(amount), u(start), u(duration)])
        }
    }

    /// Kind code and payload bytes of `event`.
    public static func encode(_ event: ProtocolEvent) -> (kind: UInt16, payload: [UInt8]) {
        let (code, values) = fields(event)
        guard let types = types(code), let payload = try? ABI.encode(values, as: types) else {
            preconditionFailure("event \(code) fields match their declared types")
        }
        return (code, payload)
    }

    /// Decodes stored bytes of kind `code`; everything malformed is a ``DecodingError``, never a trap.
    public static func decode(kind code: UInt16, schemaVersion: UInt16, payload: [UInt8]) throws(DecodingError) -> ProtocolEvent {
        try payload.withUnsafeBytes { raw in
            Result { () throws(DecodingError) -> ProtocolEvent in try decode(kind: code, schemaVersion: schemaVersion, payload: raw) }
        }.get()
    }

    /// Decodes stored bytes read in place. The most frequent kind (a task response) in its canonical
    /// layout is read directly; everything else goes through the strict ABI decoder, which gives the
    /// same event for the same bytes (`EventCodecTests` checks both agree).
    public static func decode(kind code: UInt16, schemaVersion: UInt16, payload: UnsafeRawBufferPointer) throws(DecodingError) -> ProtocolEvent {
        if code == 22, schemaVersion == Self.schemaVersion, let response = canonicalResponse(payload) { return response }
        return try decodeStrictly(kind: code, schemaVersion: schemaVersion, payload: payload)
    }

    /// `respond-to-task` laid out exactly as ``encode(_:)`` writes it: taskId ‖ value ‖ offset 96 ‖
    /// length ‖ signature padded with zeros to a whole word; nil for any other layout.
    static func canonicalResponse(_ p: UnsafeRawBufferPointer) -> ProtocolEvent? {
        guard p.count >= 128 else { return nil }
        let offset = Word(loading: p, at: 64), length = Word(loading: p, at: 96)
        guard offset.l0 == 0, offset.l1 == 0, offset.l2 == 0, offset.l3 == 96,
              length.l0 == 0, length.l1 == 0, length.l2 == 0, length.l3 <= UInt64(p.count) else { return nil }
        let n = Int(length.l3), padded = (n + 31) / 32 * 32
        guard p.count == 128 + padded else { return nil }
        for i in (128 + n)..<p.count where p[i] != 0 { return nil }
        return .respondToTask(taskId: Word(loading: p, at: 0), value: UInt256(Word(loading: p, at: 32)),
                              signature: Array(p[128..<(128 + n)]))
    }

    /// The strict ABI decoding of every kind.
    static func decodeStrictly(kind code: UInt16, schemaVersion: UInt16, payload: UnsafeRawBufferPointer) throws(DecodingError) -> ProtocolEvent {
        guard schemaVersion == Self.schemaVersion else { throw .init("kind \(code): schema version \(schemaVersion) is not supported (1)") }
        guard let types = types(code) else { throw .init("unknown event kind \(code)") }
        let v: [ABIValue]
        do { v = try ABI.decode(payload, as: types) } catch { throw .init("\(name(of: code) ?? "kind \(code)"): \(error)") }
        do {
            return try event(code, v)
        } catch {
            throw .init("\(name(of: code) ?? "kind \(code)"): \(error)")
        }
    }

    struct FieldError: Error, CustomStringConvertible {
        let description: String
    }

    private static func event(_ code: UInt16, _ v: [ABIValue]) throws -> ProtocolEvent {
        func a(_ i: Int) throws -> Address { guard let x = v[i].address else { throw FieldError(description: "field \(i) is not an address") }; return x }
        func n(_ i: Int) throws -> UInt256 { guard let x = v[i].uint else { throw FieldError(description: "field \(i) is not a number") }; return x }
        func n64(_ i: Int) throws -> UInt64 { guard let x = try n(i).uint64 else { throw FieldError(description: "field \(i) exceeds 64 bits") }; return x }
        func n32(_ i: Int) throws -> UInt32 { UInt32(truncatingIfNeeded: try n64(i)) }  // decode checked the width
        func w(_ i: Int) throws -> Word { guard let b = v[i].bytesValue, b.count == 32 else { throw FieldError(description: "field \(i) is not bytes32") }; return try Word(b) }
        func b(_ i: Int) throws -> [UInt8] { guard let x = v[i].bytesValue else { throw FieldError(description: "field \(i) is not bytes") }; return x }
        func list(_ x: ABIValue) -> [ABIValue] { x.items ?? [] }
        func addrs(_ x: ABIValue) -> [Address] { list(x).compactMap(\.address) }
        func quorum(_ x: ABIValue) -> Quorum {
            Quorum(strategies: list(x).compactMap { p in
                guard let pair = p.items, pair.count == 2, let s = pair[0].address, let m = pair[1].uint else { return nil }
                return StrategyParams(strategy: s, multiplier: m)
            })
        }
        switch code {
        case 0:
            return .genesis(LedgerGenesis(mainChainId: try n64(0), genesisBlock: try n64(1), epochLengthBlocks: try n64(2), gracePeriodBlocks: try n64(3),
                                          avsDirectory: try a(4), serviceManager: try a(5), resolver: try a(6), owner: try a(7),
                                          registryStateSender: try a(8), bridgeFee: try n(9), mainAbridge: try a(10), mainChainVerifier: try a(11),
                                          challengeBond: try n(12), challengeWindowBlocks: try n64(13), slashAmount: try n(14),
                                          quorum: quorum(v[15]), thresholdWeight: try n(16), minimumWeight: try n(17)))
        case 1: return .epochTransition(epoch: try n32(0))
        case 2:
            return .setOperatorShares(operator: try a(0), shares: list(v[1]).compactMap { p in
                guard let pair = p.items, pair.count == 2, let s = pair[0].address, let x = pair[1].uint else { return nil }
                return StrategyShares(strategy: s, shares: x)
            })
        case 3: return .registerOperator(signature: RegistrationSignature(signature: try b(0), salt: try w(1), expiry: try n(2)), signingKey: try a(3), p2pKey: try a(4))
        case 4: return .deregisterOperator
        case 5: return .updateOperatorSigningKey(try a(0))
        case 6: return .updateOperatorP2pKey(try a(0))
        case 7: return .updateOperators(addrs(v[0]))
        case 8: return .updateOperatorsForQuorum(list(v[0]).map(addrs))
        case 9: return .updateQuorumConfig(quorum(v[0]), operators: addrs(v[1]))
        case 10: return .updateMinimumWeight(try n(0), operators: addrs(v[1]))
        case 11: return .updateStakeThreshold(try n(0))
        case 12: return .cancelSalt(try w(0))
        case 13: return .addBridge(chainId: try n64(0), bridge: try a(1), receiver: try a(2))
        case 14: return .modifyBridge(chainId: try n64(0), bridge: try a(1), receiver: try a(2))
        case 15: return .removeBridge(chainId: try n64(0))
        case 16: return .sendStateUpdates(chainId: try n64(0), value: try n(1))
        case 17: return .initializeReplica(abridge: try a(0), receiver: try a(1))
        case 18: return .deliverMessage(BridgeDelivery(guid: try w(0), from: try a(1), to: try a(2), payload: try b(3)))
        case 19: return .setValue(key: try n(0), value: try n(1))
        case 20:
            return .batchSetValues(list(v[0]).compactMap { p in
                guard let pair = p.items, pair.count == 2, let k = pair[0].uint, let x = pair[1].uint else { return nil }
                return KeyValue(key: k, value: x)
            })
        case 21: return .createTask(StateSlot(user: try a(0), chainId: try n32(1), blockNumber: try n64(2), timestamp: try n64(3), key: try n(4)))
        case 22: return .respondToTask(taskId: try w(0), value: try n(1), signature: try b(2))
        case 23: return .deployRemoteVerifier(try a(0))
        case 24: return .setRemoteVerifier(chainId: try n64(0), verifier: try a(1))
        case 25: return .verifyState(user: try a(0), key: try n(1), blockNumber: try n64(2), value: try n(3))
        case 26: return .setOperatorSetId(try n32(0))
        case 27: return .setSlashableStrategies(addrs(v[0]))
        case 28: return .setSlashAmount(try n(0))
        case 29:
            let claim = try StateClaim(user: try a(0), chainId: try n32(1), blockNumber: try n64(2), timestamp: try n64(3), key: try n(4), value: try n(5))
            return .submitChallenge(claim: claim, signatures: list(v[6]).compactMap(\.bytesValue), bond: try n(7))
        case 30: return .resolveChallenge(try w(0))
        case 31: return .claim
        case 32: return .submitRewards(epoch: try n32(0), token: try a(1), amount: try n(2), startTimestamp: try n32(3), duration: try n32(4))
        default: throw FieldError(description: "unknown kind \(code)")
        }
    }
}

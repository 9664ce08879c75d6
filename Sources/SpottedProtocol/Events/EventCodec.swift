import Ethereum

/// How a ``ProtocolEvent`` is stored in the log: a kind code, a schema version, and its fields
/// ABI-encoded as one tuple (strict to decode, readable by Ethereum tooling). Codes never change;
/// a new field means a new schema version with its own decoder.
public enum EventCodec {
    /// The schema version every kind is written with (``EventKind/schemaVersion``).
    public static let schemaVersion: UInt16 = EventKind.schemaVersion

    /// Every kind's code and name, in code order (from ``EventKind``).
    public static var kinds: [(code: UInt16, name: String)] {
        EventKind.allCases.map { ($0.code, $0.name) }
    }

    /// The name of kind `code`, if it is one.
    public static func name(of code: UInt16) -> String? { EventKind(code: code)?.name }
    /// The code of the kind named `name`, if it is one.
    public static func code(of name: String) -> UInt16? { EventKind(name: name)?.code }

    /// Why stored bytes are not an event.
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, naming the kind and field.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The ABI values of `event`, in its kind's field order.
    static func fields(_ event: ProtocolEvent) -> [ABIValue] {
        func u(_ v: some BinaryInteger) -> ABIValue { .uint(UInt256(UInt64(v))) }
        func addresses(_ list: [Address]) -> ABIValue { .array(list.map { .address($0) }) }
        func quorum(_ q: Quorum) -> ABIValue {
            .array(q.strategies.map { .tuple([.address($0.strategy), .uint($0.multiplier)]) })
        }
        switch event {
        case .genesis(let g):
            return [
                u(g.mainChainId), u(g.genesisBlock), u(g.epochLengthBlocks), u(g.gracePeriodBlocks),
                .address(g.avsDirectory),
                .address(g.serviceManager), .address(g.resolver), .address(g.owner),
                .address(g.registryStateSender), .uint(g.bridgeFeeWei),
                .address(g.mainAbridge), .address(g.mainChainVerifier), .uint(g.challengeBondWei),
                u(g.challengeWindowBlocks),
                .uint(g.slashAmountWad), quorum(g.quorum), .uint(g.thresholdWeight),
                .uint(g.minimumWeight),
            ]
        case .epochTransition(let e): return [u(e)]
        case .setOperatorShares(let op, let list):
            return [
                .address(op),
                .array(list.map { .tuple([.address($0.strategy), .uint($0.shares)]) }),
            ]
        case .registerOperator(let sig, let key, let p2p):
            return [
                .bytes(sig.signature), .fixedBytes(sig.salt.bytes), .uint(sig.expiry),
                .address(key), .address(p2p),
            ]
        case .deregisterOperator: return []
        case .updateOperatorSigningKey(let a): return [.address(a)]
        case .updateOperatorP2pKey(let a): return [.address(a)]
        case .updateOperators(let ops): return [addresses(ops)]
        case .updateOperatorsForQuorum(let lists): return [.array(lists.map(addresses))]
        case .updateQuorumConfig(let q, let ops): return [quorum(q), addresses(ops)]
        case .updateMinimumWeight(let m, let ops): return [.uint(m), addresses(ops)]
        case .updateStakeThreshold(let t): return [.uint(t)]
        case .cancelSalt(let s): return [.fixedBytes(s.bytes)]
        case .addBridge(let c, let b, let r): return [u(c), .address(b), .address(r)]
        case .modifyBridge(let c, let b, let r): return [u(c), .address(b), .address(r)]
        case .removeBridge(let c): return [u(c)]
        case .sendStateUpdates(let c, let v): return [u(c), .uint(v)]
        case .initializeReplica(let a, let r): return [.address(a), .address(r)]
        case .deliverMessage(let d):
            return [.fixedBytes(d.guid.bytes), .address(d.from), .address(d.to), .bytes(d.payload)]
        case .setValue(let k, let v): return [.uint(k), .uint(v)]
        case .batchSetValues(let items):
            return [.array(items.map { .tuple([.uint($0.key), .uint($0.value)]) })]
        case .createTask(let s):
            return [.address(s.user), u(s.chainId), u(s.blockNumber), u(s.timestamp), .uint(s.key)]
        case .respondToTask(let id, let v, let sig):
            return [.fixedBytes(id.bytes), .uint(v), .bytes(sig)]
        case .deployRemoteVerifier(let a): return [.address(a)]
        case .setRemoteVerifier(let c, let a): return [u(c), .address(a)]
        case .verifyState(let user, let key, let block, let value):
            return [.address(user), .uint(key), u(block), .uint(value)]
        case .setOperatorSetId(let id): return [u(id)]
        case .setSlashableStrategies(let list): return [addresses(list)]
        case .setSlashAmount(let w): return [.uint(w)]
        case .submitChallenge(let c, let sigs, let bond):
            return [
                .address(c.user), u(c.chainId), u(c.blockNumber), u(c.timestamp), .uint(c.key),
                .uint(c.value),
                .array(sigs.map { .bytes($0) }), .uint(bond),
            ]
        case .resolveChallenge(let id): return [.fixedBytes(id.bytes)]
        case .claim: return []
        case .submitRewards(let e, let token, let amount, let start, let duration):
            return [u(e), .address(token), .uint(amount), u(start), u(duration)]
        }
    }

    /// The fields of `event` by name, in its kind's field order (``EventKind`` table names):
    /// what listings decode a stored event into.
    public static func namedFields(of event: ProtocolEvent) -> [(name: String, value: ABIValue)] {
        let names = event.kind.descriptor.fields.map(\.name)
        return Array(zip(names, fields(event))).map { (name: $0.0, value: $0.1) }
    }

    /// Kind code and payload bytes of `event`.
    public static func encode(_ event: ProtocolEvent) -> (kind: UInt16, payload: [UInt8]) {
        let code = event.kind.code
        let values = fields(event)
        guard let kind = EventKind(code: code),
            let payload = try? ABI.encode(values, as: kind.abiTypes)
        else {
            preconditionFailure("event \(code) fields match their declared types")
        }
        return (code, payload)
    }

    /// Decodes stored bytes of kind `code`; everything malformed is a ``DecodingError``, never a trap.
    public static func decode(kind code: UInt16, schemaVersion: UInt16, payload: [UInt8])
        throws(DecodingError) -> ProtocolEvent
    {
        try payload.withUnsafeBytes { raw in
            Result { () throws(DecodingError) -> ProtocolEvent in
                try decode(kind: code, schemaVersion: schemaVersion, payload: raw)
            }
        }.get()
    }

    /// Decodes stored bytes read in place. The most frequent kind (a task response) in its canonical
    /// layout is read directly; everything else goes through the strict ABI decoder, which gives the
    /// same event for the same bytes (`EventCodecTests` checks both agree).
    public static func decode(
        kind code: UInt16, schemaVersion: UInt16, payload: UnsafeRawBufferPointer
    ) throws(DecodingError) -> ProtocolEvent {
        if code == EventKind.respondToTask.code, schemaVersion == Self.schemaVersion,
            let response = canonicalResponse(payload)
        {
            return response
        }
        return try decodeStrictly(kind: code, schemaVersion: schemaVersion, payload: payload)
    }

    /// `respond-to-task` laid out exactly as ``encode(_:)`` writes it: taskId ‖ value ‖ offset 96 ‖
    /// length ‖ signature padded with zeros to a whole word; nil for any other layout.
    static func canonicalResponse(_ p: UnsafeRawBufferPointer) -> ProtocolEvent? {
        guard p.count >= 128 else { return nil }
        let offset = Word(loading: p, at: 64)
        let length = Word(loading: p, at: 96)
        guard offset.l0 == 0, offset.l1 == 0, offset.l2 == 0, offset.l3 == 96,
            length.l0 == 0, length.l1 == 0, length.l2 == 0, length.l3 <= UInt64(p.count)
        else { return nil }
        let n = Int(length.l3)
        let padded = (n + 31) / 32 * 32
        guard p.count == 128 + padded else { return nil }
        for i in (128 + n)..<p.count where p[i] != 0 { return nil }
        return .respondToTask(
            taskId: Word(loading: p, at: 0), value: UInt256(Word(loading: p, at: 32)),
            signature: Array(p[128..<(128 + n)]))
    }

    /// The strict ABI decoding of every kind.
    static func decodeStrictly(
        kind code: UInt16, schemaVersion: UInt16, payload: UnsafeRawBufferPointer
    ) throws(DecodingError) -> ProtocolEvent {
        guard schemaVersion == Self.schemaVersion else {
            throw .init("kind \(code): schema version \(schemaVersion) is not supported (1)")
        }
        guard let types = EventKind(code: code)?.abiTypes else {
            throw .init("unknown event kind \(code)")
        }
        let v: [ABIValue]
        do { v = try ABI.decode(payload, as: types) } catch {
            throw .init("\(name(of: code) ?? "kind \(code)"): \(error)")
        }
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
        func a(_ i: Int) throws -> Address {
            guard let x = v[i].address else {
                throw FieldError(description: "field \(i) is not an address")
            }
            return x
        }
        func n(_ i: Int) throws -> UInt256 {
            guard let x = v[i].uint else {
                throw FieldError(description: "field \(i) is not a number")
            }
            return x
        }
        func n64(_ i: Int) throws -> UInt64 {
            guard let x = try n(i).uint64 else {
                throw FieldError(description: "field \(i) exceeds 64 bits")
            }
            return x
        }
        // decode checked the width
        func n32(_ i: Int) throws -> UInt32 { UInt32(truncatingIfNeeded: try n64(i)) }
        func w(_ i: Int) throws -> Word {
            guard let b = v[i].bytesValue, b.count == 32 else {
                throw FieldError(description: "field \(i) is not bytes32")
            }
            return try Word(b)
        }
        func b(_ i: Int) throws -> [UInt8] {
            guard let x = v[i].bytesValue else {
                throw FieldError(description: "field \(i) is not bytes")
            }
            return x
        }
        func list(_ x: ABIValue) -> [ABIValue] { x.items ?? [] }
        func addrs(_ x: ABIValue) -> [Address] { list(x).compactMap(\.address) }
        func quorum(_ x: ABIValue) -> Quorum {
            Quorum(
                strategies: list(x).compactMap { p in
                    guard let pair = p.items, pair.count == 2, let s = pair[0].address,
                        let m = pair[1].uint
                    else { return nil }
                    return StrategyParams(strategy: s, multiplier: m)
                })
        }
        guard let kind = EventKind(code: code) else {
            throw FieldError(description: "unknown kind \(code)")
        }
        switch kind {
        case .genesis:
            return .genesis(
                LedgerGenesis(
                    mainChainId: try n64(0), genesisBlock: try n64(1),
                    epochLengthBlocks: try n64(2), gracePeriodBlocks: try n64(3),
                    avsDirectory: try a(4), serviceManager: try a(5), resolver: try a(6),
                    owner: try a(7),
                    registryStateSender: try a(8), bridgeFeeWei: try n(9), mainAbridge: try a(10),
                    mainChainVerifier: try a(11),
                    challengeBondWei: try n(12), challengeWindowBlocks: try n64(13),
                    slashAmountWad: try n(14),
                    quorum: quorum(v[15]), thresholdWeight: try n(16), minimumWeight: try n(17)))
        case .epochTransition: return .epochTransition(epoch: try n32(0))
        case .setOperatorShares:
            return .setOperatorShares(
                operator: try a(0),
                shares: list(v[1]).compactMap { p in
                    guard let pair = p.items, pair.count == 2, let s = pair[0].address,
                        let x = pair[1].uint
                    else { return nil }
                    return StrategyShares(strategy: s, shares: x)
                })
        case .registerOperator:
            return .registerOperator(
                signature: RegistrationSignature(
                    signature: try b(0), salt: try w(1), expiry: try n(2)), signingKey: try a(3),
                p2pKey: try a(4))
        case .deregisterOperator: return .deregisterOperator
        case .updateOperatorSigningKey: return .updateOperatorSigningKey(try a(0))
        case .updateOperatorP2pKey: return .updateOperatorP2pKey(try a(0))
        case .updateOperators: return .updateOperators(addrs(v[0]))
        case .updateOperatorsForQuorum: return .updateOperatorsForQuorum(list(v[0]).map(addrs))
        case .updateQuorumConfig: return .updateQuorumConfig(quorum(v[0]), operators: addrs(v[1]))
        case .updateMinimumWeight: return .updateMinimumWeight(try n(0), operators: addrs(v[1]))
        case .updateStakeThreshold: return .updateStakeThreshold(try n(0))
        case .cancelSalt: return .cancelSalt(try w(0))
        case .addBridge:
            return .addBridge(chainId: try n64(0), bridge: try a(1), receiver: try a(2))
        case .modifyBridge:
            return .modifyBridge(chainId: try n64(0), bridge: try a(1), receiver: try a(2))
        case .removeBridge: return .removeBridge(chainId: try n64(0))
        case .sendStateUpdates: return .sendStateUpdates(chainId: try n64(0), value: try n(1))
        case .initializeReplica: return .initializeReplica(abridge: try a(0), receiver: try a(1))
        case .deliverMessage:
            return .deliverMessage(
                BridgeDelivery(guid: try w(0), from: try a(1), to: try a(2), payload: try b(3)))
        case .setValue: return .setValue(key: try n(0), value: try n(1))
        case .batchSetValues:
            return .batchSetValues(
                list(v[0]).compactMap { p in
                    guard let pair = p.items, pair.count == 2, let k = pair[0].uint,
                        let x = pair[1].uint
                    else { return nil }
                    return KeyValue(key: k, value: x)
                })
        case .createTask:
            return .createTask(
                StateSlot(
                    user: try a(0), chainId: try n32(1), blockNumber: try n64(2),
                    timestamp: try n64(3), key: try n(4)))
        case .respondToTask:
            return .respondToTask(taskId: try w(0), value: try n(1), signature: try b(2))
        case .deployRemoteVerifier: return .deployRemoteVerifier(try a(0))
        case .setRemoteVerifier: return .setRemoteVerifier(chainId: try n64(0), verifier: try a(1))
        case .verifyState:
            return .verifyState(
                user: try a(0), key: try n(1), blockNumber: try n64(2), value: try n(3))
        case .setOperatorSetId: return .setOperatorSetId(try n32(0))
        case .setSlashableStrategies: return .setSlashableStrategies(addrs(v[0]))
        case .setSlashAmount: return .setSlashAmount(try n(0))
        case .submitChallenge:
            let claim = try StateClaim(
                user: try a(0), chainId: try n32(1), blockNumber: try n64(2), timestamp: try n64(3),
                key: try n(4), value: try n(5))
            return .submitChallenge(
                claim: claim, signatures: list(v[6]).compactMap(\.bytesValue), bond: try n(7))
        case .resolveChallenge: return .resolveChallenge(try w(0))
        case .claim: return .claim
        case .submitRewards:
            return .submitRewards(
                epoch: try n32(0), token: try a(1), amount: try n(2), startTimestamp: try n32(3),
                duration: try n32(4))
        }
    }
}

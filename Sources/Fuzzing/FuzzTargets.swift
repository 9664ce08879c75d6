import Ethereum
import EventLog
import SpottedProtocol

/// The fuzz targets: each takes arbitrary bytes and must never trap; every refusal is a typed
/// error. Built for libFuzzer by tools/fuzz, and replayed over the committed corpus by the tests.
public enum FuzzTargets {
    /// Every fuzz target, by name: abi, envelope, export-line, poison-event, snapshot.
    public static let all: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("abi", abi), ("envelope", envelope), ("export-line", exportLine),
        ("poison-event", poisonEvent), ("snapshot", snapshot),
    ]

    /// The strict ABI decoder over the protocol's types, and the ERC-1271 bundle; what decodes must re-encode.
    public static func abi(_ data: [UInt8]) {
        let types: [[ABIType]] = [
            SignatureBundle.abiTypes, [.uint256, .array(.tuple([.uint(8), .bytes]))],
            [Quorum.abiType, .array(.address), .array(.uint256), .uint256],
            [.string, .bytes32, .int(8), .bool],
        ]
        let pick = types[Int(data.first ?? 0) % types.count]
        let body = Array(data.dropFirst())
        if let values = try? ABI.decode(body, as: pick) {
            precondition(
                (try? ABI.encode(values, as: pick)) != nil, "a decoded value must re-encode")
        }
        _ = try? ReplicaUpdate.decodeBatch(body)
        _ = try? SignatureBundle(decoding: body)
    }

    /// The envelope decoder and the raw hash check of stored entries.
    public static func envelope(_ data: [UInt8]) {
        data.withUnsafeBytes { raw in
            _ = try? Envelope(decoding: raw, expectedSequence: 1)
        }
    }

    /// The export-line parser: whatever parses must print back to a line that parses to the same.
    public static func exportLine(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        guard let line = try? ExportFormat.parse(text[...]) else { return }
        if case .entry(let envelope, let kind) = line,
            kind.utf8.allSatisfy({
                $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
            })
        {
            let printed = ExportFormat.line(envelope, kindName: kind)
            precondition((try? ExportFormat.parse(printed[...])) == line, "export lines round-trip")
        }
    }

    /// A poison event: arbitrary bytes decoded as any event kind and fed to the reducers of a small
    /// live ledger. A refusal must be a typed error that leaves the state root unchanged.
    public static func poisonEvent(_ data: [UInt8]) {
        guard data.count >= 3 else { return }
        let kind = UInt16(data[0]) % UInt16(EventCodec.kinds.count)
        guard
            let event = try? EventCodec.decode(
                kind: kind, schemaVersion: 1, payload: Array(data.dropFirst(3)))
        else { return }
        var state = fixture
        let before = state.root
        let sender = [fixtureOwner, .zero, Address(lowBytesOf: Keccak256.hash("fuzz"))][
            Int(data[1]) % 3]
        let chain: UInt64 = data[2] % 3 == 0 ? 2 : 1
        let context = EventContext(
            sequence: 100, chainId: chain, blockNumber: 1_000 + UInt64(data[2]),
            timestamp: 1_700_000_000, sender: sender)
        do {
            try state.reduce(event, context)
        } catch {
            precondition(state.root == before, "a refused event changed the state: \(error)")
        }
    }

    /// The snapshot decoder on a real state's bytes, edited: the input is an edit script (byte 0:
    /// keep a prefix of length `byte 1 ‖ byte 2` when odd; then triples `offset hi, offset lo, value`
    /// set bytes). Whatever decodes is canonical: it re-encodes to the same bytes, and its root is
    /// the archive's stored sponge continued over the live bytes.
    public static func snapshot(_ data: [UInt8]) {
        var bytes = fixtureEncoding
        guard data.count >= 3 else { return }
        if data[0] & 1 == 1 { bytes = Array(bytes.prefix(Int(data[1]) << 8 | Int(data[2]))) }
        var i = 3
        while i + 2 < data.count, !bytes.isEmpty {
            bytes[(Int(data[i]) << 8 | Int(data[i + 1])) % bytes.count] = data[i + 2]
            i += 3
        }
        guard let state = try? LedgerState(snapshot: bytes) else { return }
        precondition(
            state.snapshotEncoding() == bytes, "a decoded snapshot re-encodes to its bytes")
        precondition(
            state.root == (try? LedgerState.snapshotRoot(of: bytes).root),
            "a decoded snapshot's root is its sponge continued over its live bytes")
    }

    static let fixtureEncoding = fixture.snapshotEncoding()

    static let fixtureOwner = Address(lowBytesOf: Keccak256.hash("fuzz/owner"))

    /// Genesis plus a replica on chain 2 and one registered operator.
    static let fixture: LedgerState = {
        var state = LedgerState()
        let genesis = LedgerGenesis(
            mainChainId: 1, genesisBlock: 1, epochLengthBlocks: 100_000, gracePeriodBlocks: 1_000,
            avsDirectory: Address(lowBytesOf: Keccak256.hash("fuzz/avs")),
            serviceManager: Address(lowBytesOf: Keccak256.hash("fuzz/sm")),
            resolver: Address(lowBytesOf: Keccak256.hash("fuzz/resolver")), owner: fixtureOwner,
            quorum: Quorum(strategies: [
                StrategyParams(
                    strategy: Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa)),
                    multiplier: 10_000)
            ]),
            thresholdWeight: 0, minimumWeight: 0)
        var sequence: UInt64 = 0
        func apply(_ event: ProtocolEvent, chain: UInt64 = 1, block: UInt64, sender: Address) {
            sequence += 1
            try? state.reduce(
                event,
                EventContext(
                    sequence: sequence, chainId: chain, blockNumber: block,
                    timestamp: 1_700_000_000, sender: sender))
        }
        apply(.genesis(genesis), block: 1, sender: fixtureOwner)
        apply(
            .addBridge(chainId: 2, bridge: fixtureOwner, receiver: fixtureOwner), block: 2,
            sender: fixtureOwner)
        apply(
            .initializeReplica(abridge: fixtureOwner, receiver: fixtureOwner), chain: 2, block: 2,
            sender: fixtureOwner)
        if let key = try? PrivateKey(Keccak256.hash("fuzz/operator")) {
            apply(
                .setOperatorShares(
                    operator: key.address,
                    shares: [
                        StrategyShares(
                            strategy: Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa)),
                            shares: 100)
                    ]),
                block: 3, sender: key.address)
            let digest = AVSDirectory.registrationDigest(
                operator: key.address, genesis: genesis, salt: .zero, expiry: UInt256(2_000_000_000)
            )
            apply(
                .registerOperator(
                    signature: RegistrationSignature(
                        signature: key.sign(digest: digest).bytes, salt: .zero,
                        expiry: UInt256(2_000_000_000)),
                    signingKey: key.address, p2pKey: key.address), block: 4, sender: key.address)
        }
        return state
    }()
}

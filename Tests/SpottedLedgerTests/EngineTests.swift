import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

@Suite struct EngineTests {
    static func directory() -> String { NSTemporaryDirectory() + "spotted-engine-\(UUID().uuidString)" }

    static func simulate(_ path: String, seed: UInt64 = 7) throws -> Engine {
        var options = Simulator.Options()
        options.seed = seed
        options.operators = 12
        options.chains = 2
        options.epochs = 5
        let engine = try Engine(directory: path)
        var simulator = Simulator(options: options)
        try simulator.run(into: engine)
        return engine
    }

    @Test("a simulated history replays to the same root; snapshots are checked on the way")
    func simulateAndReplay() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let state = engine.state
        #expect(state.registry.totalOperators > 3)
        #expect(state.challenges.values.contains { $0.resolution?.successful == true })
        #expect(!state.rewards.isEmpty)
        #expect(state.replicas.count == 2)
        #expect(try engine.log.snapshotSequences().count == 4)
        #expect(try engine.log.verify().isValid)
        let replayed = try Engine.replay(engine.log)
        #expect(replayed.root == state.root)
        // Reopening replays too.
        #expect(try Engine(directory: path).state.root == state.root)
        // Every chain that received every batch agrees with the main registry.
        for (chain, replica) in state.replicas where replica.gaps.isEmpty {
            for epoch in 0...(replica.lastAppliedEpoch ?? 0) { #expect(try state.diff(chainId: chain, epoch: epoch).isEmpty) }
        }
    }

    @Test("same seed, same log, byte for byte; another seed, another log")
    func deterministic() throws {
        let a = Self.directory(), b = Self.directory(), c = Self.directory()
        defer { for p in [a, b, c] { try? FileManager.default.removeItem(atPath: p) } }
        let first = try Self.simulate(a), second = try Self.simulate(b), third = try Self.simulate(c, seed: 8)
        #expect(first.log.head == second.log.head)
        #expect(try first.log.entries(from: 1, limit: 100_000) == second.log.entries(from: 1, limit: 100_000))
        #expect(first.log.head.hash != third.log.head.hash)
    }

    @Test("a refused action appends nothing and changes nothing; a batch is all or nothing")
    func refusals() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let head = engine.log.head, root = engine.state.root
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        let block = engine.state.lastBlock[1] ?? 0
        let stranger = Address(lowBytesOf: Keccak256.hash("stranger"))
        #expect(throws: EngineError.self) {
            try engine.submit(Action(.updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0, sender: stranger))
        }
        do {
            try engine.submit([Action(.updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0, sender: owner),
                               Action(.updateStakeThreshold(2), chainId: 1, blockNumber: block - 1, timestamp: 0, sender: owner)])
            Issue.record("the batch was accepted")
        } catch {
            guard case .refused(let index, let refusal) = error else { Issue.record("\(error)"); return }
            #expect(index == 1 && refusal.error.name == "BlockNumberDecreased")
        }
        #expect(engine.log.head == head)
        #expect(engine.state.root == root)
        try engine.submit(Action(.updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0, sender: owner))
        #expect(engine.log.head.sequence == head.sequence + 1)
    }

    @Test("snapshots decode to exactly the state they encode; the state at any point starts from the nearest one")
    func snapshotRoundTrip() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let bytes = engine.state.canonicalEncoding()
        let decoded = try LedgerState(canonical: bytes)
        #expect(decoded == engine.state)
        #expect(decoded.canonicalEncoding() == bytes)
        for at in try engine.log.snapshotSequences() {
            let snapshot = try #require(try engine.log.latestSnapshot(atOrBelow: at))
            #expect(try LedgerState(canonical: snapshot.data).root == snapshot.root)
            // From the snapshot and from genesis, the same state a few events later.
            let later = min(at + 7, engine.log.head.sequence)
            #expect(try Engine.state(at: later, in: engine.log) == Engine.replay(engine.log, through: later))
        }
        for cut in [0, 1, 100, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CanonicalDecoder.Error.self) { try LedgerState(canonical: Array(bytes.prefix(cut))) }
        }
        #expect(throws: CanonicalDecoder.Error.self) { try LedgerState(canonical: bytes + [0]) }
    }

    @Test("a corrupted snapshot root is caught by replay, with its sequence")
    func snapshotMismatch() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let at = try #require(try engine.log.snapshotSequences().first)
        try engine.log.storeSnapshot(Snapshot(sequence: at, root: Keccak256.hash("wrong"), reducerVersion: Engine.reducerVersion, data: []))
        #expect(throws: EngineError.self) { try Engine.replay(engine.log) }
        do { _ = try Engine.replay(engine.log) } catch {
            guard case .snapshotMismatch(let sequence, _, _) = error else { Issue.record("\(error)"); return }
            #expect(sequence == at)
        }
    }
}

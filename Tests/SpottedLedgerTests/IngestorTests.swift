import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedSimulation
import Testing

/// The live ingestion pipeline: concurrent submitters, signatures recovered before reduction,
/// group commit, answers after durability, refusals per action.
@Suite struct IngestorTests {
    /// A simulated ledger and what a test needs to add live actions to it.
    struct Fixture {
        let path: String
        let simulator: Simulator
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        /// Registered operators with their signing keys in force.
        var responders: [(operator: Address, key: PrivateKey)] = []
        var mainBlock: UInt64 = 0

        init() throws {
            path = EngineTests.directory()
            var options = Simulator.Options()
            options.seed = 11
            options.operators = 12
            options.chains = 2
            options.epochs = 3
            simulator = Simulator(options: options)
            let engine = try Engine(directory: path)
            var running = simulator
            try running.run(into: engine)
            let state = engine.state
            mainBlock = state.lastBlock[1] ?? 0
            for i in 0..<options.operators {
                guard let op = simulator.operatorKey(i)?.address,
                    state.stakeRegistry.isRegistered(op)
                else { continue }
                let inForce = state.stakeRegistry.signingKey(of: op, at: state.currentEpoch)
                if let key = (0...40).compactMap({ simulator.signingKey(i, $0) })
                    .first(where: { $0.address == inForce })
                {
                    responders.append((op, key))
                }
            }
        }

        /// A task on the main chain at `block`, and a signed response from each responder at
        /// `block + 1` (the last one forged: signed by another operator's key).
        func taskAndResponses(block: UInt64) -> (task: Action, responses: [Action]) {
            let slot = StateSlot(
                user: Address(lowBytesOf: Keccak256.hash("live/user")), chainId: 2,
                blockNumber: 100, timestamp: 1_600_000_200, key: 1)
            let task = Action(
                .createTask(slot), chainId: 1, blockNumber: block, timestamp: 1_800_000_000,
                sender: owner)
            let digest = slot.claim(42).digest(domain: simulator.genesis.resolverDomain)
            var responses = [Action]()
            for (i, r) in responders.enumerated() {
                let signer = i == responders.count - 1 ? responders[0].key : r.key
                responses.append(
                    Action(
                        .respondToTask(
                            taskId: slot.claim(.zero).taskId, value: 42,
                            signature: signer.sign(digest: digest).bytes),
                        chainId: 1, blockNumber: block + 1, timestamp: 1_800_000_012,
                        sender: r.operator))
            }
            return (task, responses)
        }

        /// `count` StateManager writes on chain 2, all at one block, by distinct users.
        func writes(_ count: Int, block: UInt64) -> [Action] {
            (0..<count).map { i in
                Action(
                    .setValue(key: UInt256(UInt64(i)), value: UInt256(UInt64(1_000 + i))),
                    chainId: 2, blockNumber: block, timestamp: 1_700_000_000,
                    sender: Address(lowBytesOf: Keccak256.hash("live/writer/\(i)")))
            }
        }
    }

    @Test(
        "64 concurrent submitters: each answered with its own durable entry or its typed refusal; the log replays to the live root"
    )
    func concurrentSubmitters() async throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        #expect(fixture.responders.count >= 4)
        let ingestor = Ingestor(engine: try Engine(directory: fixture.path))
        let head = ingestor.log.head.sequence
        let (task, responses) = fixture.taskAndResponses(block: fixture.mainBlock + 1)
        _ = try await ingestor.submit(task)
        let writes = fixture.writes(64 - responses.count, block: 10_000)
        let actions = responses + writes
        let results = await withTaskGroup(of: (Int, Result<Envelope, EngineError>).self) { group in
            for (i, action) in actions.enumerated() {
                group.addTask { (i, await ingestor.submit([action])[0]) }
            }
            var all = [Int: Result<Envelope, EngineError>]()
            for await (i, result) in group { all[i] = result }
            return all
        }
        let forged = responses.count - 1
        for (i, action) in actions.enumerated() {
            switch results[i] {
            case .success(let envelope):
                #expect(i != forged)
                let stored = try ingestor.log.entry(envelope.sequence)
                #expect(stored == envelope, "answered only once durable")
                #expect(
                    stored.record.sender == action.sender && stored.record.chainId == action.chainId
                )
                #expect(stored.record.payload == EventCodec.encode(action.event).payload)
            case .failure(.refused(_, let refusal)):
                #expect(i == forged)
                #expect(refusal.error.name == "InvalidSignature")
            default:
                Issue.record("action \(i): \(String(describing: results[i]))")
            }
        }
        #expect(ingestor.log.head.sequence == head + 1 + UInt64(actions.count - 1))
        let sequences = Set(results.values.compactMap { try? $0.get().sequence })
        #expect(sequences == Set((head + 2)...(head + UInt64(actions.count))))
        let statistics = ingestor.statistics()
        #expect(statistics.appendedEvents == UInt64(actions.count))
        #expect(statistics.refusalsByRule == ["InvalidSignature": 1])
        #expect(statistics.groupSizes.reduce(0) { $0 + $1.count } == statistics.groups)
        let liveRoot = try await ingestor.read { $0.state.root }
        await ingestor.shutdown()
        let replayed = try Engine.replay(
            EventLog(directory: fixture.path, options: EventLog.Options(mode: .readOnly)),
            signatures: .inline)
        #expect(replayed.root == liveRoot)
    }

    @Test(
        "a repeated action is refused as a duplicate naming the logged sequence; shutdown refuses later work"
    )
    func duplicatesAndShutdown() async throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let ingestor = Ingestor(engine: try Engine(directory: fixture.path))
        let write = fixture.writes(1, block: 20_000)[0]
        let results = await ingestor.submit([write, write])
        let first = try results[0].get()
        #expect(results[1] == .failure(.duplicate(index: 1, sequence: first.sequence)))
        await #expect(throws: EngineError.duplicate(index: 0, sequence: first.sequence)) {
            try await ingestor.submit(write)
        }
        await ingestor.shutdown()
        await ingestor.shutdown()  // a second shutdown returns at once
        let later = fixture.writes(2, block: 20_001)[1]
        await #expect(throws: EngineError.shuttingDown) { try await ingestor.submit(later) }
        #expect(ingestor.log.head.sequence == first.sequence)
    }

    @Test(
        "group commit: one durable write per group of at most maxGroupActions, cut after an epoch transition"
    )
    func groupBounds() async throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        var options = Ingestor.Options()
        options.maxGroupActions = 4
        let engine = try Engine(directory: fixture.path)
        let log = engine.log
        let ingestor = Ingestor(engine: engine, options: options)
        let before = log.appendsAttempted
        let results = await ingestor.submit(fixture.writes(10, block: 30_000))
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(log.appendsAttempted - before == 3, "10 actions in groups of 4, 4 and 2")
        let epoch = try await ingestor.read { $0.state.currentEpoch }
        let clock = try fixture.simulator.genesis.clock()
        let transition = Action(
            .epochTransition(epoch: epoch + 1), chainId: 1,
            blockNumber: clock.startBlock(of: epoch + 1), timestamp: 1_900_000_000,
            sender: fixture.owner)
        let middle = log.appendsAttempted
        let mixed = await ingestor.submit(
            fixture.writes(2, block: 30_001) + [transition] + fixture.writes(3, block: 30_002))
        #expect(mixed.allSatisfy { (try? $0.get()) != nil })
        #expect(log.appendsAttempted - middle == 2, "the group ends at the epoch transition")
        #expect(try mixed[2].get().sequence == (try mixed[3].get().sequence) - 1)
        await ingestor.shutdown()
    }

    @Test(
        "submitEach: a refusal leaves the rest alone; the same entries as one-at-a-time submission")
    func submitEachMatchesSubmit() throws {
        let a = try Fixture()
        let b = try Fixture()
        defer {
            try? FileManager.default.removeItem(atPath: a.path)
            try? FileManager.default.removeItem(atPath: b.path)
        }
        let (task, responses) = a.taskAndResponses(block: a.mainBlock + 1)
        let actions = [task] + responses + a.writes(5, block: 40_000)
        let grouped = try Engine(directory: a.path)
        let results = grouped.submitEach(actions, recoveryThreads: 2)
        let single = try Engine(directory: b.path)
        for (i, action) in actions.enumerated() {
            let one = Result { () throws(EngineError) in try single.submit(action) }
            switch (results[i], one) {
            case (.success(let x), .success(let y)): #expect(x == y)
            case (.failure(.refused(let i1, let x)), .failure(.refused(_, let y))):
                #expect(i1 == i && x == y)
            default: Issue.record("action \(i): \(results[i]) vs \(one)")
            }
        }
        #expect(grouped.log.head == single.log.head && grouped.state.root == single.state.root)
    }

    @Test(
        "through the response-digest table, responses of two values to one task, alternating, each recover over their own digest"
    )
    func responseDigestsPerValue() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let engine = try Engine(directory: fixture.path)
        let (task, _) = fixture.taskAndResponses(block: fixture.mainBlock + 1)
        guard case .createTask(let slot) = task.event else { throw CancellationError() }
        let domain = fixture.simulator.genesis.resolverDomain
        // Every responder answers twice in turn, alternating two values, so each value's digest is
        // looked up again after the other's was kept.
        var responses = [Action]()
        var expected = [(signer: Address, digest: Word)]()
        for round in 0..<2 {
            for (i, r) in fixture.responders.enumerated() {
                let value = UInt256(UInt64(7 + (i + round) % 2))
                let digest = slot.claim(value).digest(domain: domain)
                responses.append(
                    Action(
                        .respondToTask(
                            taskId: slot.claim(.zero).taskId, value: value,
                            signature: r.key.sign(digest: digest).bytes),
                        chainId: 1, blockNumber: fixture.mainBlock + 2, timestamp: 1_800_000_012,
                        sender: r.operator))
                expected.append((r.key.address, digest))
            }
        }
        let checks = SignatureRecovery.checks(
            for: [task] + responses, genesis: engine.state.genesis,
            resolverDomainSeparator: engine.state.resolverDomainSeparator, threads: 2,
            taskSlot: { _ in nil })
        #expect(checks[0] == .verify)
        for (i, check) in checks.dropFirst().enumerated() {
            #expect(check == .recovered(digest: expected[i].digest, signer: expected[i].signer))
        }
        for value: UInt256 in [7, 8] {
            #expect(
                SignedMessage.responseDigest(
                    slot, value: value,
                    resolverDomainSeparator: engine.state.resolverDomainSeparator)
                    == slot.claim(value).digest(domain: domain))
        }
    }

    @Test(
        "recovery before reduction: each response's signer found from the batch alone; a hint over another digest is ignored"
    )
    func recoveryHints() throws {
        let fixture = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let engine = try Engine(directory: fixture.path)
        let (task, responses) = fixture.taskAndResponses(block: fixture.mainBlock + 1)
        let checks = SignatureRecovery.checks(
            for: [task] + responses, genesis: engine.state.genesis,
            resolverDomainSeparator: engine.state.resolverDomainSeparator, threads: 2,
            taskSlot: { _ in nil })
        #expect(checks[0] == .verify)
        for (i, check) in checks.dropFirst().enumerated() {
            guard case .recovered(_, let signer) = check else {
                Issue.record("response \(i) not recovered")
                continue
            }
            let expected =
                i == responses.count - 1 ? fixture.responders[0].key : fixture.responders[i].key
            #expect(signer == expected.address)
        }
        // The forged response, with a hint claiming its operator's own key over a different digest:
        // the reducer recovers for itself and refuses.
        try engine.submit(task)
        let forged = responses[responses.count - 1]
        let liar = fixture.responders[responses.count - 1]
        let context = EventContext(
            sequence: engine.log.head.sequence + 1, chainId: 1, blockNumber: forged.blockNumber,
            timestamp: forged.timestamp, sender: forged.sender,
            signatureChecks: .recovered(digest: Word.zero, signer: liar.key.address))
        var state = engine.state
        #expect(throws: Refusal.self) { try state.reduce(forged.event, context) }
    }

    @Test("the simulator writes the same log with group commit and one action per write")
    func simulatorGroupCommitSameLog() throws {
        var heads = [Word]()
        for groupCommit in [true, false] {
            let path = EngineTests.directory()
            defer { try? FileManager.default.removeItem(atPath: path) }
            var options = Simulator.Options()
            options.seed = 5
            options.operators = 8
            options.epochs = 3
            options.tasksPerEpoch = 6
            options.groupCommit = groupCommit
            let engine = try Engine(directory: path)
            var simulator = Simulator(options: options)
            let before = engine.log.appendsAttempted
            try simulator.run(into: engine)
            let writes = engine.log.appendsAttempted - before
            if groupCommit {
                #expect(
                    writes < Int(engine.log.head.sequence) / 2, "groups, not one write per action")
            } else {
                #expect(writes == Int(engine.log.head.sequence))
            }
            heads.append(engine.log.head.hash)
        }
        #expect(heads[0] == heads[1])
    }
}

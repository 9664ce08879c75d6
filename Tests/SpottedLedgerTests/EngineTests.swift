import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedSimulation
import Testing

@Suite struct EngineTests {
    static func directory() -> String {
        NSTemporaryDirectory() + "spotted-engine-\(UUID().uuidString)"
    }

    static func simulate(
        _ path: String, seed: UInt64 = 7, epochs: Int = 5, snapshotBytesPerEvent: UInt64 = .max
    ) throws -> Engine {
        var options = Simulator.Options()
        options.seed = seed
        options.operators = 12
        options.chains = 2
        options.epochs = epochs
        let engine = try Engine(directory: path, snapshotBytesPerEvent: snapshotBytesPerEvent)
        var simulator = Simulator(options: options)
        try simulator.run(into: engine)
        return engine
    }

    @Test(
        "snapshots are written at epoch ends exactly when the events since the last one pay for its live size"
    )
    func snapshotPolicy() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let budget: UInt64 = 100
        let engine = try Self.simulate(path, seed: 3, epochs: 10, snapshotBytesPerEvent: budget)
        let snapshots = try engine.log.snapshotRoots(reducerVersion: Engine.reducerVersion)
        var transitions = [UInt64]()
        _ = try Engine.replay(
            engine.log, signatures: .trusted,
            epochEnd: { sequence, _ in transitions.append(sequence) })
        #expect(
            snapshots.count >= 2 && snapshots.count < transitions.count,
            "some epoch ends are skipped, not all: \(snapshots.map { ($0.sequence, $0.size) }) at \(transitions)"
        )
        #expect(
            snapshots.first?.sequence == transitions.first, "the first epoch end always gets one")
        for (previous, snapshot) in zip(snapshots, snapshots.dropFirst()) {
            // The live size: the bytes a root check hashes (the archive's running hash is kept).
            let data = try #require(try engine.log.latestSnapshot(atOrBelow: previous.sequence))
                .data
            let live = UInt64(try LedgerState.snapshotLiveBytes(of: data))
            #expect(live < UInt64(previous.size) || previous.sequence == snapshots[0].sequence)
            #expect(transitions.contains(snapshot.sequence), "snapshots sit at epoch ends")
            #expect(
                (snapshot.sequence - previous.sequence) * budget >= live,
                "written only when paid for")
            for t in transitions where t > previous.sequence && t < snapshot.sequence {
                #expect(
                    (t - previous.sequence) * budget < live, "not skipped once due (epoch end \(t))"
                )
            }
        }
        // State at any sequence is the same from the sparser snapshots as from genesis.
        for t in transitions {
            #expect(
                try Engine.state(at: t + 1, in: engine.log)
                    == Engine.replay(engine.log, through: t + 1, signatures: .trusted))
        }
    }

    @Test("a simulated history replays to the same root; snapshots are checked on the way")
    func simulateAndReplay() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let state = engine.state
        #expect(state.stakeRegistry.totalOperators > 3)
        #expect(
            try engine.archivedChallenges().contains { $0.resolution?.successful == true })
        #expect(!(try engine.archivedRewards()).isEmpty)
        #expect(state.archive.pending.isEmpty, "the engine took every archive record")
        #expect(state.replicas.count == 2)
        #expect(try engine.log.snapshotSequences().count == 4)
        #expect(try engine.log.verify().isValid)
        let replayed = try Engine.replay(engine.log)
        #expect(replayed.root == state.root)
        // Reopening replays too.
        #expect(try Engine(directory: path).state.root == state.root)
        // Every chain that received every batch agrees with the main registry.
        for (chain, replica) in state.replicas where replica.gaps.isEmpty {
            for epoch in 0...(replica.lastAppliedEpoch ?? 0) {
                #expect(try state.diff(chainId: chain, epoch: epoch).isEmpty)
            }
        }
    }

    @Test("same seed, same log, byte for byte; another seed, another log")
    func deterministic() throws {
        let a = Self.directory()
        let b = Self.directory()
        let c = Self.directory()
        defer { for p in [a, b, c] { try? FileManager.default.removeItem(atPath: p) } }
        let first = try Self.simulate(a)
        let second = try Self.simulate(b)
        let third = try Self.simulate(c, seed: 8)
        #expect(first.log.head == second.log.head)
        #expect(
            try first.log.entries(from: 1, limit: 100_000)
                == second.log.entries(from: 1, limit: 100_000))
        #expect(first.log.head.hash != third.log.head.hash)
    }

    @Test("a refused action appends nothing and changes nothing; a batch is all or nothing")
    func refusals() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let head = engine.log.head
        let root = engine.state.root
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        let block = engine.state.lastBlock[1] ?? 0
        let stranger = Address(lowBytesOf: Keccak256.hash("stranger"))
        #expect(throws: EngineError.self) {
            try engine.submit(
                Action(
                    .updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0,
                    sender: stranger))
        }
        do {
            try engine.submit([
                Action(
                    .updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0,
                    sender: owner),
                Action(
                    .updateStakeThreshold(2), chainId: 1, blockNumber: block - 1, timestamp: 0,
                    sender: owner),
            ])
            Issue.record("the batch was accepted")
        } catch {
            guard case .refused(let index, let refusal) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(index == 1 && refusal.error.name == "BlockNumberDecreased")
        }
        #expect(engine.log.head == head)
        #expect(engine.state.root == root)
        try engine.submit(
            Action(
                .updateStakeThreshold(1), chainId: 1, blockNumber: block, timestamp: 0,
                sender: owner))
        #expect(engine.log.head.sequence == head.sequence + 1)
    }

    @Test(
        "snapshots decode to exactly the state they encode; the state at any point starts from the nearest one"
    )
    func snapshotRoundTrip() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let bytes = engine.state.snapshotEncoding()
        let decoded = try LedgerState(snapshot: bytes)
        #expect(decoded == engine.state)
        #expect(decoded.snapshotEncoding() == bytes)
        #expect(try LedgerState.snapshotRoot(of: bytes).root == engine.state.root)
        for at in try engine.log.snapshotSequences() {
            let snapshot = try #require(try engine.log.latestSnapshot(atOrBelow: at))
            #expect(try LedgerState(snapshot: snapshot.data).root == snapshot.root)
            #expect(try LedgerState.snapshotRoot(of: snapshot.data).root == snapshot.root)
            // From the snapshot and from genesis, the same state a few events later.
            let later = min(at + 7, engine.log.head.sequence)
            #expect(
                try Engine.state(at: later, in: engine.log)
                    == Engine.replay(engine.log, through: later))
        }
        for cut in [0, 1, 100, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CanonicalDecoder.Error.self) {
                try LedgerState(snapshot: Array(bytes.prefix(cut)))
            }
        }
        #expect(throws: CanonicalDecoder.Error.self) { try LedgerState(snapshot: bytes + [0]) }
    }

    @Test(
        "a corrupted snapshot root is caught by replay, the first one in log order, on either thread",
        arguments: [ReplayConcurrency.single, .pipelined])
    func snapshotMismatch(concurrency: ReplayConcurrency) throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let sequences = try engine.log.snapshotSequences()
        try #require(sequences.count >= 3)
        for at in sequences[1...] {  // every snapshot after the first
            let stored = try #require(
                try engine.log.latestSnapshot(atOrBelow: at, reducerVersion: Engine.reducerVersion))
            try engine.log.storeSnapshot(
                Snapshot(
                    sequence: at, root: Keccak256.hash("wrong \(at)"),
                    reducerVersion: Engine.reducerVersion, data: stored.data))
        }
        do {
            _ = try Engine.replay(engine.log, signatures: .trusted, concurrency: concurrency)
            Issue.record("replay accepted corrupted snapshot roots")
        } catch {
            guard case .snapshotMismatch(let sequence, let stored, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(sequence == sequences[1])
            #expect(stored == Keccak256.hash("wrong \(sequences[1])"))
        }
        // Up to the first corrupted one, replay agrees with every snapshot.
        #expect(throws: Never.self) {
            try Engine.replay(
                engine.log, through: sequences[1] - 1, signatures: .trusted,
                concurrency: concurrency)
        }
    }

    @Test(
        "state(at:) refuses a snapshot whose bytes no longer hash to its root, naming its sequence")
    func tamperedSnapshotBytes() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let at = try #require(try engine.log.snapshotSequences().last)
        let stored = try #require(
            try engine.log.latestSnapshot(atOrBelow: at, reducerVersion: Engine.reducerVersion))
        let good = try Engine.state(at: at, in: engine.log)
        #expect(good.root == stored.root)
        var data = stored.data
        data[data.count / 2] ^= 0x01
        try engine.log.storeSnapshot(
            Snapshot(
                sequence: at, root: stored.root, reducerVersion: Engine.reducerVersion, data: data))
        do {
            _ = try Engine.state(at: at, in: engine.log)
            Issue.record("a tampered snapshot was used")
        } catch {
            guard case .snapshotMismatch(let sequence, let expected, let found) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(sequence == at)
            #expect(expected == stored.root)
            #expect(found == (try LedgerState.snapshotRoot(of: data).root))
        }
    }

    @Test(
        "replay re-verifies signatures in parallel and names the first forged one; trusted replay skips them",
        arguments: [1, 2, 4])
    func parallelSignatureReplay(threads: Int) throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Self.simulate(path)
        let honest = try Engine.replay(engine.log, signatures: .inline)
        #expect(
            try Engine.replay(engine.log, signatures: .parallel(threads: threads)).root
                == honest.root)
        #expect(try Engine.replay(engine.log, signatures: .trusted).root == honest.root)

        // A registration whose signature was made by another key, appended straight to the log
        // (as corruption or a buggy writer would), followed by an honest event.
        let op = try PrivateKey(Keccak256.hash("engine-test/operator"))
        let forger = try PrivateKey(Keccak256.hash("engine-test/forger"))
        let block = engine.state.lastBlock[1] ?? 0
        try engine.submit(
            Action(
                .setOperatorShares(
                    operator: op.address,
                    shares: [
                        StrategyShares(
                            strategy: Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa)),
                            shares: 5_000)
                    ]),
                chainId: 1, blockNumber: block, timestamp: 0, sender: op.address))
        let genesis = try #require(engine.state.genesis)
        let salt = Keccak256.hash("engine-test/salt")
        let expiry = UInt256(1_900_000_000)
        let digest = AVSDirectory.registrationDigest(
            operator: op.address, genesis: genesis, salt: salt, expiry: expiry)
        let forged = ProtocolEvent.registerOperator(
            signature: RegistrationSignature(
                signature: forger.sign(digest: digest).bytes, salt: salt, expiry: expiry),
            signingKey: Address(lowBytesOf: Keccak256.hash("engine-test/signing")),
            p2pKey: op.address)
        let (kind, payload) = EventCodec.encode(forged)
        let appended = try engine.log.append([
            EventRecord(
                chainId: 1, blockNumber: block, timestamp: 0, sender: op.address, kind: kind,
                schemaVersion: EventCodec.schemaVersion, payload: payload)
        ])
        let bad = try #require(appended.first).sequence
        try engine.log.append([
            EventRecord(
                chainId: 1, blockNumber: block, timestamp: 0, sender: op.address,
                kind: EventCodec.encode(.updateOperators([op.address])).kind,
                schemaVersion: EventCodec.schemaVersion,
                payload: EventCodec.encode(.updateOperators([op.address])).payload)
        ])
        for mode in [SignatureReplay.parallel(threads: threads), .inline] {
            do {
                _ = try Engine.replay(engine.log, signatures: mode)
                Issue.record("\(mode): the forged registration was accepted")
            } catch {
                guard case .corrupt(let sequence, let reason) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(sequence == bad, "\(mode)")
                #expect(
                    reason.contains("RegistrationSignatureInvalid")
                        || reason.contains("signed by \(forger.address)"), "\(mode): \(reason)")
            }
        }
        // Trusting the log, the registration stands (it is what was appended).
        #expect(
            try Engine.replay(engine.log, signatures: .trusted).stakeRegistry.isRegistered(
                op.address))
    }

    @Test(
        "re-submitting an accepted action is refused: at its own block as a duplicate, after reopening too"
    )
    func duplicateActions() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        var head: (sequence: UInt64, hash: Word)
        var root: Word
        let action: Action
        do {
            let engine = try Self.simulate(path)
            let block = engine.state.lastBlock[1] ?? 0
            action = Action(
                .updateStakeThreshold(7), chainId: 1, blockNumber: block, timestamp: 0,
                sender: owner)
            let stored = try engine.submit(action)
            head = engine.log.head
            root = engine.state.root
            for attempt in [
                [action],
                [
                    Action(
                        .updateStakeThreshold(8), chainId: 1, blockNumber: block, timestamp: 0,
                        sender: owner), action,
                ],
            ] {
                do {
                    try engine.submit(attempt)
                    Issue.record("a repeated action was accepted")
                } catch {
                    guard case .duplicate(let index, let sequence) = error else {
                        Issue.record("\(error)")
                        continue
                    }
                    #expect(index == attempt.count - 1 && sequence == stored.sequence)
                }
                #expect(engine.log.head == head && engine.state.root == root)
            }
            // The same event in the same block but from another sender, or at a later block, is a new action.
            try engine.submit(
                Action(
                    .updateStakeThreshold(7), chainId: 1, blockNumber: block + 1, timestamp: 0,
                    sender: owner))
            head = engine.log.head
            root = engine.state.root
            // Two identical actions in one submission: the second is the duplicate.
            let twice = Action(
                .updateStakeThreshold(9), chainId: 1, blockNumber: block + 1, timestamp: 0,
                sender: owner)
            #expect(throws: EngineError.duplicate(index: 1, sequence: head.sequence + 1)) {
                try engine.submit([twice, twice])
            }
        }
        // Reopened, the engine finds the latest block's actions in the log.
        let reopened = try Engine(directory: path)
        let again = Action(
            .updateStakeThreshold(7), chainId: 1, blockNumber: action.blockNumber + 1, timestamp: 0,
            sender: owner)
        #expect(throws: EngineError.duplicate(index: 0, sequence: head.sequence)) {
            try reopened.submit(again)
        }
        #expect(reopened.log.head == head && reopened.state.root == root)
    }

    @Test(
        "a lost acknowledgement: the engine rebuilds from the log, and the client's retry is refused as a duplicate"
    )
    func lostAcknowledgementRetry() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let simulated = try Self.simulate(path)
        let appends = simulated.log.appendsAttempted
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        let block = simulated.state.lastBlock[1] ?? 0
        var options = EventLog.Options()
        options.faults = StorageFaults([1: .lostAcknowledgement, 2: .failedWrite])
        #expect(appends > 0)
        let engine = try Engine(directory: path, options: options)
        let action = Action(
            .updateStakeThreshold(11), chainId: 1, blockNumber: block, timestamp: 0, sender: owner)
        #expect(throws: EngineError.self) { try engine.submit(action) }  // committed, but the caller hears an error
        #expect(
            engine.state.stakeRegistry.threshold.latest == 11,
            "the state was rebuilt from the log, which has the action")
        let head = engine.log.head
        #expect(throws: EngineError.duplicate(index: 0, sequence: head.sequence)) {
            try engine.submit(action)
        }
        let other = Action(
            .updateStakeThreshold(12), chainId: 1, blockNumber: block, timestamp: 0, sender: owner)
        #expect(throws: EngineError.self) { try engine.submit(other) }  // the failed write: nothing appended
        #expect(engine.log.head == head && engine.state.stakeRegistry.threshold.latest == 11)
        try engine.submit(other)
        #expect(engine.log.head.sequence == head.sequence + 1)
    }

    @Test(
        "a failed append whose rebuild fails too halts the engine with the original error until it is reopened"
    )
    func failedRebuildHalts() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let simulated = try Self.simulate(path)
        let head = simulated.log.head
        let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
        let block = simulated.state.lastBlock[1] ?? 0
        var options = EventLog.Options()
        options.faults = StorageFaults([1: .failedWrite])
        let engine = try Engine(directory: path, options: options)
        let before = engine.state
        let good = before.snapshotEncoding()
        // A snapshot at the head that no longer hashes to its root: the rebuild after the failed write fails.
        try engine.log.storeSnapshot(
            Snapshot(
                sequence: head.sequence, root: .zero, reducerVersion: Engine.reducerVersion,
                data: [1, 2, 3]))
        let action = Action(
            .updateStakeThreshold(11), chainId: 1, blockNumber: block, timestamp: 0, sender: owner)
        var first: EngineError?
        do { try engine.submit(action) } catch { first = error }
        guard case .mustReopen(let original, let rebuild)? = first, case .log(.storage) = original,
            case .snapshotMismatch(let sequence, _, _) = rebuild
        else {
            Issue.record(
                "expected mustReopen(log storage, snapshot mismatch), got \(String(describing: first))"
            )
            return
        }
        let halt = EngineError.mustReopen(original: original, rebuild: rebuild)
        #expect(sequence == head.sequence)
        #expect(engine.halted == halt)
        #expect(engine.state != LedgerState(), "the engine did not carry on from an empty state")
        // The fault is spent, yet every later submission is refused with the same error and appends nothing.
        let other = Action(
            .updateStakeThreshold(12), chainId: 1, blockNumber: block, timestamp: 0, sender: owner)
        #expect(throws: halt) { try engine.submit(other) }
        #expect(throws: halt) { try engine.submit([]) }
        #expect(engine.log.head == head && before.stakeRegistry.threshold.latest != 12)
        // Repaired and reopened, the engine works again.
        try engine.log.storeSnapshot(
            Snapshot(
                sequence: head.sequence, root: try LedgerState.snapshotRoot(of: good).root,
                reducerVersion: Engine.reducerVersion, data: good))
        let reopened = try Engine(directory: path)
        try reopened.submit(other)
        #expect(
            reopened.log.head.sequence == head.sequence + 1
                && reopened.state.stakeRegistry.threshold.latest == 12)
    }
}

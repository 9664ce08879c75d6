import Dispatch
import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedSimulation
import SpottedTestSupport
import Testing

/// Replication against the in-memory stream (docs/scale-out.md): the writer publishes before it
/// appends, failures leave the local log and the state as they were, followers catch up to the
/// same chain and the same roots, and the fence lets exactly one writer through.
@Suite struct ReplicationTests {
    static let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))

    /// A writer on `stream` in a fresh directory, with a simulated history written through it.
    static func writer(
        _ stream: InMemoryReplicatedLog, _ directory: TemporaryDirectory, epochs: Int = 3,
        operators: Int = 12, tasksPerEpoch: Int = 2
    ) throws -> Engine {
        let engine = try Engine(directory: directory.path)
        try engine.startWriting(to: stream)
        var options = Simulator.Options()
        options.seed = 5
        options.operators = operators
        options.chains = 2
        options.epochs = epochs
        options.tasksPerEpoch = tasksPerEpoch
        var simulator = Simulator(options: options)
        try simulator.run(into: engine)
        return engine
    }

    /// A writer with a simulated history (`writer(_:_:epochs:operators:tasksPerEpoch:)`) on a
    /// fresh in-memory stream, and a directory for a second engine (a follower, a rival);
    /// `cleanup` removes both directories.
    struct Fixture {
        let stream = InMemoryReplicatedLog()
        let writerDirectory = TemporaryDirectory("repl-w")
        let secondDirectory = TemporaryDirectory("repl-f")
        let writer: Engine
        /// The writer's head sequence after the history.
        let head: UInt64

        init(epochs: Int = 3, operators: Int = 12, tasksPerEpoch: Int = 2) throws {
            do {
                writer = try ReplicationTests.writer(
                    stream, writerDirectory, epochs: epochs, operators: operators,
                    tasksPerEpoch: tasksPerEpoch)
            } catch {
                writerDirectory.cleanup()
                throw error
            }
            head = writer.log.head.sequence
        }

        /// Removes both directories.
        func cleanup() { (writerDirectory.cleanup(), secondDirectory.cleanup()) }
    }

    /// An owner action the reducers accept after the engine's history (`value` keeps it unique).
    static func threshold(_ engine: Engine, _ value: UInt64) -> Action {
        Action(
            .updateStakeThreshold(UInt256(value)), chainId: 1,
            blockNumber: engine.state.lastBlock[1] ?? 0, timestamp: 0, sender: owner)
    }

    /// The state root and the log head, which a failed commit must leave unchanged.
    static func fingerprint(_ engine: Engine) -> [Word] {
        [
            engine.state.root, engine.log.head.hash,
            Word(l0: engine.log.head.sequence, l1: 0, l2: 0, l3: 0),
        ]
    }

    /// The root after every epoch transition, replayed from the log.
    static func epochRoots(_ engine: Engine) throws -> [UInt64: Word] {
        var roots = [UInt64: Word]()
        _ = try Engine.replay(
            engine.log, signatures: .trusted, epochEnd: { roots[$0] = $1.root })
        return roots
    }

    @Test(
        "the writer's stream holds the local log entry for entry (stream sequence = ledger sequence)"
    )
    func streamEqualsLog() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let entries = try stream.entries()
        #expect(UInt64(entries.count) == writer.log.head.sequence)
        #expect(try writer.log.entries(from: 1, limit: entries.count) == entries)
        #expect(try writer.log.acknowledgedSequence() == writer.log.head.sequence)
        #expect(stream.publishes < entries.count)  // groups, not one publish per entry
    }

    @Test(
        "a publish that is not stored leaves the local log and the state unchanged; the writer goes on"
    )
    func failedPublishChangesNothing() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let before = Self.fingerprint(writer)
        stream.failNextPublish(.unavailableNotStored)
        #expect(throws: EngineError.replication(.unavailable("injected, not stored"))) {
            try writer.submit(Self.threshold(writer, 3))
        }
        #expect(Self.fingerprint(writer) == before)
        #expect(try stream.lastSequence() == writer.log.head.sequence)
        let stored = try writer.submit(Self.threshold(writer, 3))
        #expect(try stream.entries().last == stored)
    }

    @Test(
        "a replicated writer keeps each action's raw transaction beside its entry, as a plain one")
    func rawTransactionsKept() throws {
        let stream = InMemoryReplicatedLog()
        let directory = TemporaryDirectory("repl")
        defer { directory.cleanup() }
        let writer = try Self.writer(stream, directory, epochs: 1)
        var sent = Self.threshold(writer, 3)
        sent.rawTransaction = Array("a signed transaction".utf8)
        let stored = try writer.submit([sent, Self.threshold(writer, 4)])
        #expect(try writer.log.transaction(at: stored[0].sequence) == sent.rawTransaction)
        #expect(try writer.log.transaction(at: stored[1].sequence) == nil)
        #expect(try stream.entries().last == stored[1])
    }

    @Test("an unanswered publish the stream stored reconciles to success")
    func unavailableButStored() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer, head) = (fixture.stream, fixture.writer, fixture.head)
        stream.failNextPublish(.unavailableStored)
        let stored = try writer.submit([Self.threshold(writer, 3), Self.threshold(writer, 4)])
        #expect(stored.map(\.sequence) == [head + 1, head + 2])
        #expect(writer.log.head.hash == stored[1].hash)
        #expect(try stream.entries().suffix(2) == stored[...])
        #expect(try writer.log.acknowledgedSequence() == head + 2)
        try writer.submit(Self.threshold(writer, 5))
    }

    @Test("an unanswered publish whose read-back fails too: answered unavailable, then resettled")
    func unreadableReconcileResettles() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer, head) = (fixture.stream, fixture.writer, fixture.head)
        let before = Self.fingerprint(writer)
        stream.failNextPublish(.unavailableStored)
        stream.failNextReads(1)
        #expect(throws: EngineError.replication(.unavailable("injected, stored if fenced right"))) {
            try writer.submit(Self.threshold(writer, 3))
        }
        #expect(Self.fingerprint(writer) == before)
        #expect(try stream.lastSequence() == head + 1)
        // The next submission catches the stored group up from the stream, then writes on.
        let stored = try writer.submit(Self.threshold(writer, 4))
        #expect(stored.sequence == head + 2)
        #expect(
            try stream.entries().map(\.hash)
                == (try writer.log.entries(from: 1, limit: 100_000)).map(\.hash))
    }

    @Test("a fenced publish makes the engine refuse as notWriter, with the local log's state")
    func fencedBecomesNotWriter() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer, head) = (fixture.stream, fixture.writer, fixture.head)
        let before = Self.fingerprint(writer)
        stream.failNextPublish(.fence)
        let fenced = EngineError.notWriter(
            .fenced(expectedLastSequence: head, streamLastSequence: head))
        #expect(throws: fenced) { try writer.submit(Self.threshold(writer, 3)) }
        #expect(Self.fingerprint(writer) == before)
        #expect(writer.state.root == (try Engine.state(at: head, in: writer.log)).root)
        let publishes = stream.publishes
        #expect(throws: fenced) { try writer.submit(Self.threshold(writer, 3)) }
        #expect(stream.publishes == publishes)  // refused before publishing
    }

    @Test(
        "a stream below the acknowledged sequence is refused at start and after an unanswered publish"
    )
    func streamBehindIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer, head) = (fixture.stream, fixture.writer, fixture.head)
        stream.truncate(after: head - 5)
        stream.failNextPublish(.unavailableNotStored)
        let behind = EngineError.replication(
            .streamBehind(streamLastSequence: head - 5, acknowledgedSequence: head))
        #expect(throws: behind) { try writer.submit(Self.threshold(writer, 3)) }
        #expect(throws: behind) { try writer.submit(Self.threshold(writer, 3)) }
        let restarted = try Engine(directory: fixture.writerDirectory.path)
        #expect(throws: behind) { try restarted.startWriting(to: stream) }
        #expect(restarted.log.head.sequence == head)
    }

    @Test(
        "a follower catches up a simulated history: the same head hash and the same root at every epoch"
    )
    func followerCatchUp() throws {
        let fixture = try Fixture(epochs: 10, operators: 30, tasksPerEpoch: 24)
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        #expect(writer.log.head.sequence >= 3_000)
        let follower = try Engine(directory: fixture.secondDirectory.path)
        follower.follow(stream)
        let applied = try follower.catchUp(batchLimit: 700)
        #expect(applied == writer.log.head.sequence)
        #expect(follower.log.head == writer.log.head)
        #expect(follower.state.root == writer.state.root)
        let roots = try Self.epochRoots(writer)
        #expect(roots.count >= 7)
        #expect(try Self.epochRoots(follower) == roots)
        // The follower's own snapshots are at epoch transitions and hold the replayed roots.
        let snapshots = try follower.log.snapshotRoots(reducerVersion: Engine.reducerVersion)
        #expect(!snapshots.isEmpty)
        for snapshot in snapshots { #expect(roots[snapshot.sequence] == snapshot.root) }
        #expect(try follower.log.acknowledgedSequence() == writer.log.head.sequence)
        #expect(throws: EngineError.notWriter(nil)) {
            try follower.submit(Self.threshold(follower, 3))
        }
    }

    @Test("a tampered entry in the stream stops the follower with divergent naming its sequence")
    func tamperedEntryDiverges() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let bad: UInt64 = writer.log.head.sequence / 2
        var bytes = try writer.log.entry(bad).encoded
        bytes[32] ^= 1  // the last byte of the timestamp: still decodes, hash no longer matches
        stream.replace(bad, with: bytes)
        let follower = try Engine(directory: fixture.secondDirectory.path)
        follower.follow(stream)
        try Self.expectCatchUpDiverges(follower, at: bad, because: "tampered")
    }

    @Test(
        "a read that does not follow the local head, or breaks its own chain, is divergent naming the entry; nothing of it is applied"
    )
    func brokenLinksDiverge() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let entries = try fixture.stream.entries()
        let follower = try Engine(directory: fixture.secondDirectory.path)
        try follower.applyReplicated(Array(entries[..<10]))
        let head = follower.log.head
        let root = follower.state.root
        func expectDivergent(_ read: [Envelope], at sequence: UInt64, _ why: String) {
            do {
                try follower.applyReplicated(read)
                Issue.record("accepted a read that should diverge at \(sequence)")
            } catch {
                guard case .replication(.divergent(let found, let reason)) = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(found == sequence && reason.contains(why), "\(found): \(reason)")
            }
        }
        // The first entry: skipping one, or repeating the head.
        expectDivergent(Array(entries[11..<20]), at: entries[11].sequence, "expected sequence")
        expectDivergent(Array(entries[9..<20]), at: entries[9].sequence, "expected sequence")
        // The first entry linked to another history.
        let other = EventLog.prepare(
            [entries[10].record], after: (head.sequence, Keccak256.hash("another history")))
        expectDivergent(other.envelopes, at: entries[10].sequence, "local hash")
        #expect(follower.log.head == head && follower.state.root == root)
        // A gap inside the read: the entries before it are applied, then the gap is named.
        expectDivergent(
            Array(entries[10..<15]) + Array(entries[16..<20]), at: entries[16].sequence,
            "expected sequence")
        // Runs end at epoch transitions: the last one before the gap is the new head, if any.
        let transition = EventKind.epochTransition.rawValue
        let kept = entries[10..<15].last { $0.record.kind == transition }?.sequence
        #expect(follower.log.head.sequence == kept ?? head.sequence)
        #expect(
            follower.state.root
                == (try Engine.state(at: follower.log.head.sequence, in: follower.log)).root)
    }

    @Test(
        "a well-chained entry whose response signature is not its operator's stops the follower there"
    )
    func forgedSignatureDiverges() throws {
        let fixture = try Fixture(tasksPerEpoch: 4)
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let entries = try stream.entries()
        // The last response of the history: its epoch's run has many signatures before it, so
        // the follower recovers them on several threads.
        let forged = try #require(
            entries.lastIndex { entry in
                guard
                    case .respondToTask = try? EventCodec.decode(
                        kind: entry.record.kind, schemaVersion: entry.record.schemaVersion,
                        payload: entry.record.payload)
                else { return false }
                return true
            })
        let record = entries[forged].record
        guard
            case .respondToTask(let taskId, let value, var signature) = try EventCodec.decode(
                kind: record.kind, schemaVersion: record.schemaVersion, payload: record.payload)
        else {
            Issue.record("entry \(entries[forged].sequence) is not a response")
            return
        }
        signature[40] ^= 1  // s changed: recovers to another address, or to none
        var records = entries[forged...].map(\.record)
        records[0].payload =
            EventCodec.encode(
                .respondToTask(taskId: taskId, value: value, signature: signature)
            ).payload
        let before = entries[forged - 1]
        let rechained = EventLog.prepare(records, after: (before.sequence, before.hash))
        for (entry, bytes) in zip(rechained.envelopes, rechained.encoded) {
            stream.replace(entry.sequence, with: bytes)
        }
        let follower = try Engine(directory: fixture.secondDirectory.path)
        follower.follow(stream)
        try Self.expectCatchUpDiverges(
            follower, at: entries[forged].sequence, because: "the reducers refuse it")
        #expect(writer.log.head.sequence == fixture.head)
    }

    /// Expects `follower`'s catch-up to stop with `divergent` at `sequence` for a reason holding
    /// `why`, with the local log before it and the state the log's.
    static func expectCatchUpDiverges(_ follower: Engine, at sequence: UInt64, because why: String)
        throws
    {
        do {
            try follower.catchUp()
            Issue.record("the stream was accepted up to entry \(sequence) and past it")
        } catch {
            guard case .replication(.divergent(let found, let reason)) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(found == sequence)
            #expect(reason.contains(why), "\(reason)")
        }
        #expect(follower.log.head.sequence < sequence)
        #expect(
            follower.state.root
                == (try Engine.state(at: follower.log.head.sequence, in: follower.log)).root)
    }

    @Test(
        "promotion: fenced while behind the stream, accepted at its head; the old writer then follows"
    )
    func promotion() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let follower = try Engine(directory: fixture.secondDirectory.path)
        follower.follow(stream)
        try follower.catchUp()
        try writer.submit(Self.threshold(writer, 3))
        let head = writer.log.head.sequence
        #expect(
            throws: EngineError.notWriter(
                .fenced(expectedLastSequence: head - 1, streamLastSequence: head))
        ) {
            try follower.promote()
        }
        try follower.catchUp()
        try follower.promote()
        let stored = try follower.submit(Self.threshold(follower, 4))
        #expect(stored.sequence == head + 1)
        #expect(
            throws: EngineError.notWriter(
                .fenced(expectedLastSequence: head, streamLastSequence: head + 1))
        ) {
            try writer.submit(Self.threshold(writer, 5))
        }
        // The old writer restarts: it catches up from the stream before it writes.
        let restarted = try Engine(directory: fixture.writerDirectory.path)
        try restarted.startWriting(to: stream)
        #expect(restarted.log.head == follower.log.head)
        #expect(restarted.state.root == follower.state.root)
    }

    @Test("an acknowledged group whose local append failed is applied again from its envelopes")
    func localAppendFailureAfterAcknowledgement() throws {
        let stream = InMemoryReplicatedLog()
        let directory = TemporaryDirectory("repl")
        defer { directory.cleanup() }
        let head = try Self.writer(stream, directory).log.head.sequence
        var options = EventLog.Options(mode: .readWrite)
        options.faults = StorageFaults([1: .failedWrite])
        let writer = try Engine(directory: directory.path, options: options)
        try writer.startWriting(to: stream)
        let stored = try writer.submit(Self.threshold(writer, 3))
        #expect(stored.sequence == head + 1)
        #expect(writer.log.appendsAttempted == 2)
        #expect(writer.log.head.hash == (try stream.entries()).last?.hash)
        #expect(try writer.log.acknowledgedSequence() == head + 1)
    }

    @Test("a ledger older than its stream seeds it; a stream holding another entry is divergent")
    func seedingAndForeignStream() throws {
        let directory = TemporaryDirectory("repl")
        defer { directory.cleanup() }
        let plain = try EngineTests.simulate(directory.path, seed: 4, epochs: 3)
        let stream = InMemoryReplicatedLog()
        try plain.startWriting(to: stream)
        #expect(try stream.entries() == (try plain.log.entries(from: 1, limit: 100_000)))
        // A stream whose first entry differs from this ledger's (same stored hash, other content).
        let foreign = InMemoryReplicatedLog()
        try foreign.publish([try plain.log.entry(1)], expectedLastSequence: 0)
        var tampered = try plain.log.entry(1).encoded
        tampered[32] ^= 1
        foreign.replace(1, with: tampered)
        let again = try Engine(directory: directory.path)
        again.follow(foreign)
        do {
            try again.promote()
            Issue.record("a foreign stream was accepted")
        } catch {
            guard case .replication(.divergent(let sequence, _)) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(sequence == 1)
        }
        try plain.submit(Self.threshold(plain, 3))
        #expect(try stream.lastSequence() == plain.log.head.sequence)
    }

    /// An engine shared by two racing threads, each touching only its own.
    final class Racer: @unchecked Sendable {
        let engine: Engine
        var result: Result<Envelope, EngineError>?
        init(_ engine: Engine) { self.engine = engine }
    }

    @Test(
        "two writers racing on one stream: exactly one group per sequence, the loser is notWriter")
    func racingWriters() throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, first, head) = (fixture.stream, fixture.writer, fixture.head)
        let second = try Engine(directory: fixture.secondDirectory.path)
        try second.startWriting(to: stream)
        let racers = [Racer(first), Racer(second)]
        let actions = [Self.threshold(first, 3), Self.threshold(second, 4)]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            racers[i].result = Result { () throws(EngineError) in
                try racers[i].engine.submit(actions[i])
            }
        }
        let winners = racers.filter { (try? $0.result?.get()) != nil }
        #expect(winners.count == 1)
        let entries = try stream.entries()
        #expect(UInt64(entries.count) == head + 1)
        for racer in racers where (try? racer.result?.get()) == nil {
            guard case .failure(.notWriter(.fenced)) = racer.result else {
                Issue.record("the loser got \(String(describing: racer.result))")
                continue
            }
            #expect(racer.engine.log.head.sequence == head)
        }
        #expect(winners.first?.engine.log.head.hash == entries.last?.hash)
    }

    @Test("an ingestor follows: replicated entries applied on the reducing thread, writes refused")
    func ingestorFollows() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let follower = try Engine(directory: fixture.secondDirectory.path)
        follower.follow(stream)
        let ingestor = Ingestor(engine: follower)
        let entries = try stream.entries()
        var head: UInt64 = 0
        for start in stride(from: 0, to: entries.count, by: 500) {
            head = try await ingestor.applyReplicated(
                Array(entries[start..<min(entries.count, start + 500)]))
        }
        #expect(head == writer.log.head.sequence)
        let root = try await ingestor.read { $0.state.root }
        #expect(root == writer.state.root)
        let answer = await ingestor.submit([Self.threshold(writer, 3)])
        #expect(throws: EngineError.notWriter(nil)) { try answer[0].get() }
        await ingestor.shutdown()
    }

    @Test(
        "a following ingestor promoted while its loop runs: the loop ends without applying its own entries; it writes, the old writer is fenced",
        .timeLimit(.minutes(1))
    )
    func ingestorPromotedWhileFollowing() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let (ingestor, loop) = try Self.followingIngestor(fixture)
        _ = try await Self.waitForHead(ingestor, fixture.head)
        try await ingestor.promote()
        let written = try await ingestor.submit(Self.threshold(writer, 7))
        #expect(written.sequence == fixture.head + 1)
        // The loop reads the promoted node's own entry and stops instead of applying it again.
        try await loop.value
        #expect(ingestor.log.head.sequence == fixture.head + 1)
        #expect(try stream.entries().last == written)
        #expect(throws: EngineError.self) { try writer.submit(Self.threshold(writer, 8)) }
        if case .notWriter = writer.writeRefusal {
        } else {
            Issue.record(
                "the old writer was not fenced: \(String(describing: writer.writeRefusal))")
        }
        await ingestor.shutdown()
    }

    @Test(
        "a refused promotion leaves the follower following; an unanswering cluster pauses the follow loop, it does not end it",
        .timeLimit(.minutes(1))
    )
    func refusedPromotionKeepsFollowing() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let (stream, writer) = (fixture.stream, fixture.writer)
        let engine = try Engine(directory: fixture.secondDirectory.path)
        engine.follow(stream)
        let ingestor = Ingestor(engine: engine)
        stream.failNextReads(1)
        await #expect(throws: EngineError.self) { try await ingestor.promote() }
        #expect(try await ingestor.read { $0.writeRefusal } == .notWriter(nil))
        let loop = Task {
            try await ingestor.follow(stream, batchLimit: 100, timeoutMilliseconds: 1)
        }
        stream.failNextReads(3)  // the loop's next reads: it pauses and reads again
        try writer.submit(Self.threshold(writer, 9))
        let head = try await Self.waitForHead(ingestor, writer.log.head.sequence)
        #expect(head == writer.log.head.sequence)
        #expect(try await ingestor.read { $0.writeRefusal } == .notWriter(nil))
        loop.cancel()
        try await loop.value
        await ingestor.shutdown()
    }

    @Test("Ingestor.follow applies the stream as it grows and stops when cancelled")
    func ingestorFollowLoop() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanup() }
        let writer = fixture.writer
        let (ingestor, loop) = try Self.followingIngestor(fixture)
        try writer.submit(Self.threshold(writer, 3))
        let target = writer.log.head.sequence
        let head = try await Self.waitForHead(ingestor, target)
        loop.cancel()
        try await loop.value
        #expect(head == target)
        let root = try await ingestor.read { $0.state.root }
        #expect(root == writer.state.root)
        await ingestor.shutdown()
    }

    /// An ingestor on an empty ledger in the fixture's second directory, following its stream in
    /// a task (reads of 100, waiting 1 ms).
    static func followingIngestor(_ fixture: Fixture) throws -> (Ingestor, Task<Void, any Error>) {
        let ingestor = Ingestor(engine: try Engine(directory: fixture.secondDirectory.path))
        let stream = fixture.stream
        let loop = Task {
            try await ingestor.follow(stream, batchLimit: 100, timeoutMilliseconds: 1)
        }
        return (ingestor, loop)
    }

    /// Polls `ingestor`'s head until it reaches `target` (or 20 s pass); returns the last.
    static func waitForHead(_ ingestor: Ingestor, _ target: UInt64) async throws -> UInt64 {
        let deadline = ContinuousClock.now + .seconds(20)
        var head: UInt64 = 0
        while head < target, ContinuousClock.now < deadline {
            head = try await ingestor.read { $0.log.head.sequence }
            try await Task.sleep(for: .milliseconds(2))
        }
        return head
    }
}

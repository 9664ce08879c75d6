import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import SpottedTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// One seed of the simulation harness: derive the options and a storage-fault plan from the seed,
/// write the history through the engine twice — into an LMDB ledger in memory (`/dev/shm`) that
/// injects the faults, and into a fault-free one on disk — then check the invariants a trustworthy
/// ledger must keep.
public enum SimulationCheck {
    /// What a run did and found; `failures` is empty when every invariant held.
    public struct Report: Sendable {
        /// The seed run.
        public var seed: UInt64
        /// The simulator options the seed names.
        public var options: Simulator.Options
        /// Events in the fault-free log.
        public var events: UInt64
        /// Snapshots checked.
        public var snapshots: Int
        /// Replica-vs-main registry comparisons made (one per chain and epoch).
        public var comparisons: Int
        /// The storage faults planned, and how many of them hit an append.
        public var faults: StorageFaults
        /// Planned faults whose append was reached.
        public var faultsInjected: Int
        /// Accepted actions re-submitted (every one must be refused).
        public var resubmissions: Int
        /// The invariants broken, one line each; empty when all held.
        public var failures: [String]
    }

    /// The storage faults a seed names: one to four, at appends 1…80, of every kind.
    public static func faults(for seed: UInt64) -> StorageFaults {
        var rng = SplitMix64(seed: seed ^ 0xFA17_5EED)
        var plan = [Int: StorageFaults.Fault]()
        for _ in 0..<(1 + rng.next() % 4) {
            let kinds: [StorageFaults.Fault] = [
                .failedWrite, .tornBatch(afterEntries: 0), .mapFull, .lostAcknowledgement,
            ]
            plan[1 + Int(rng.next() % 80)] = kinds[Int(rng.next() % UInt64(kinds.count))]
        }
        return StorageFaults(plan)
    }

    /// The options a seed names (printed with every report, so a failing seed reproduces exactly).
    public static func options(for seed: UInt64) -> Simulator.Options {
        var rng = SplitMix64(seed: seed ^ 0x5EED_0F_0B7_1045)
        var o = Simulator.Options()
        o.seed = seed
        o.operators = 4 + Int(rng.next() % 16)
        o.chains = 1 + Int(rng.next() % 3)
        o.epochs = 3 + Int(rng.next() % 4)
        o.dishonest = Int(rng.next() % UInt64(min(4, o.operators)))
        o.epochLengthBlocks = 200 + rng.next() % 800
        // Small groups: many writes for the storage faults to hit (the log is the same).
        o.maxGroupActions = 1 + Int(rng.next() % 3)
        return o
    }

    /// Deletes a ledger directory made by a run.
    static func removeLedger(_ directory: String) {
        for file in ["data.mdb", "lock.mdb"] { unlink(directory + "/" + file) }
        rmdir(directory)
    }

    /// Runs one seed: the fault-free ledger goes in `directory`, the faulty one in memory.
    public static func run(seed: UInt64, directory: String) -> Report {
        let options = options(for: seed)
        var report = Report(
            seed: seed, options: options, events: 0, snapshots: 0, comparisons: 0,
            faults: faults(for: seed), faultsInjected: 0, resubmissions: 0, failures: [])
        func fail(_ what: String) { report.failures.append(what) }
        do {
            // 0. With storage faults (each retried by the client, as a real one would), the same log.
            let memory =
                (access("/dev/shm", W_OK) == 0 ? "/dev/shm/" : directory + "-")
                + "spotted-faults-\(getpid())-\(seed)"
            defer { removeLedger(memory) }
            var faulty = EventLog.Options()
            faulty.faults = report.faults
            let faultyEngine = try Engine(
                directory: memory, options: faulty, snapshotBytesPerEvent: .max)
            var faultySimulator = Simulator(options: options)
            try faultySimulator.run(into: faultyEngine)
            report.faultsInjected =
                report.faults.plan.keys.filter { $0 <= faultyEngine.log.appendsAttempted }.count

            // a snapshot at every epoch: check them all
            let engine = try Engine(directory: directory, snapshotBytesPerEvent: .max)
            var simulator = Simulator(options: options)
            try simulator.run(into: engine)
            let live = engine.state
            report.events = engine.log.head.sequence
            if faultyEngine.log.head != engine.log.head {
                fail(
                    "with storage faults the log ends at \(faultyEngine.log.head.sequence), without at \(engine.log.head.sequence)"
                )
            }
            if faultyEngine.state.root != live.root {
                fail("with storage faults the state root differs")
            }

            // 1. The chain verifies.
            let verification = try engine.log.verify()
            if let problem = verification.problem { fail("chain: \(problem)") }
            // 2. Replay from genesis equals the live state.
            if try Engine.replay(engine.log).root != live.root {
                fail("replay from genesis differs from the live root")
            }
            // 3. Every snapshot is its root, and resuming from it equals replaying to the same point.
            let snapshots = try engine.log.snapshotSequences()
            report.snapshots = snapshots.count
            for at in snapshots {
                guard let snapshot = try engine.log.latestSnapshot(atOrBelow: at) else { continue }
                let decoded = try LedgerState(snapshot: snapshot.data)
                if decoded.root != snapshot.root {
                    fail("snapshot at \(at) does not decode to its root")
                }
                if try Engine.replay(engine.log, through: at, signatures: .trusted).root
                    != snapshot.root
                {
                    fail("replay to \(at) differs from its snapshot")
                }
                if try Engine.replay(engine.log, from: decoded, after: at, signatures: .trusted)
                    .root != live.root
                {
                    fail("replay from the snapshot at \(at) differs from the live root")
                }
            }
            // 4. Every replica that received every batch agrees with the main registry at every epoch.
            for chain in live.replicas.keys.sorted() {
                guard let replica = live.replicas[chain], replica.gaps.isEmpty,
                    let last = replica.lastAppliedEpoch
                else { continue }
                for epoch in 0...last {
                    report.comparisons += 1
                    let diff = try live.diff(chainId: chain, epoch: epoch)
                    if !diff.isEmpty {
                        fail(
                            "chain \(chain) epoch \(epoch): \(diff.differences.first.map(\.description) ?? "")"
                        )
                    }
                }
            }
            // 5. Re-submitting any accepted action is refused and changes nothing.
            let head = engine.log.head
            var logged = [Action]()
            try Engine.forEachEvent(in: engine.log, after: 0, through: .max) {
                (envelope, event) throws(EngineError) in
                let r = envelope
                logged.append(
                    Action(
                        event, chainId: r.chainId, blockNumber: r.blockNumber,
                        timestamp: r.timestamp, sender: r.sender))
            }
            for (i, action) in logged.enumerated() {
                report.resubmissions += 1
                do {
                    try engine.submit(action)
                    fail("re-submitting the action at sequence \(i + 1) was accepted")
                    break
                } catch {
                    guard engine.log.head == head, engine.state.root == live.root else {
                        fail("a refused re-submission changed the ledger")
                        break
                    }
                }
            }
        } catch {
            fail("\(error)")
        }
        return report
    }
}

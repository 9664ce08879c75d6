import Ethereum
import EventLog
import SpottedProtocol

/// One seed of the simulation harness: derive the options from the seed, write the history through
/// the engine into a real LMDB ledger, then check the invariants a trustworthy ledger must keep.
public enum SimulationCheck {
    /// What a run did and found; `failures` is empty when every invariant held.
    public struct Report: Sendable {
        public var seed: UInt64
        public var options: Simulator.Options
        public var events: UInt64
        public var snapshots: Int
        public var comparisons: Int
        public var failures: [String]
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
        return o
    }

    public static func run(seed: UInt64, directory: String) -> Report {
        let options = options(for: seed)
        var report = Report(seed: seed, options: options, events: 0, snapshots: 0, comparisons: 0, failures: [])
        func fail(_ what: String) { report.failures.append(what) }
        do {
            let engine = try Engine(directory: directory, snapshotBytesPerEvent: .max)  // a snapshot at every epoch: check them all
            var simulator = Simulator(options: options)
            try simulator.run(into: engine)
            let live = engine.state
            report.events = engine.log.head.sequence

            // 1. The chain verifies.
            let verification = try engine.log.verify()
            if let problem = verification.problem { fail("chain: \(problem)") }
            // 2. Replay from genesis equals the live state.
            if try Engine.replay(engine.log).root != live.root { fail("replay from genesis differs from the live root") }
            // 3. Every snapshot is its root, and resuming from it equals replaying to the same point.
            let snapshots = try engine.log.snapshotSequences()
            report.snapshots = snapshots.count
            for at in snapshots {
                guard let snapshot = try engine.log.latestSnapshot(atOrBelow: at) else { continue }
                let decoded = try LedgerState(canonical: snapshot.data)
                if decoded.root != snapshot.root { fail("snapshot at \(at) does not decode to its root") }
                if try Engine.replay(engine.log, through: at, signatures: .trusted).root != snapshot.root { fail("replay to \(at) differs from its snapshot") }
                if try Engine.replay(engine.log, from: decoded, after: at, signatures: .trusted).root != live.root { fail("replay from the snapshot at \(at) differs from the live root") }
            }
            // 4. Every replica that received every batch agrees with the main registry at every epoch.
            for chain in live.replicas.keys.sorted() {
                guard let replica = live.replicas[chain], replica.gaps.isEmpty, let last = replica.lastAppliedEpoch else { continue }
                for epoch in 0...last {
                    report.comparisons += 1
                    let diff = try live.diff(chainId: chain, epoch: epoch)
                    if !diff.isEmpty { fail("chain \(chain) epoch \(epoch): \(diff.differences.first.map(\.description) ?? "")") }
                }
            }
        } catch {
            fail("\(error)")
        }
        return report
    }
}

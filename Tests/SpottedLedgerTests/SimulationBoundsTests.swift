import Foundation
import SpottedLedger
import SpottedSimulation
import SpottedTestSupport
import Testing

/// The simulator's options are checked up front: the shortest epoch the other options fit in is
/// computed (and is enough), and an epoch length that would overflow block numbers is refused.
@Suite struct SimulationBoundsTests {
    @Test(
        "at the computed minimum epoch length every simulation completes; one block less is refused"
    )
    func minimumEpochLengthIsEnough() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for round in 0..<6 {
            var options = Simulator.Options()
            options.seed = rng.next()
            options.operators = 1 + Int(rng.next() % 60)
            options.chains = 1 + Int(rng.next() % 6)
            options.epochs = 2 + Int(rng.next() % 3)
            options.dishonest = Int(rng.next() % UInt64(options.operators + 1))
            options.tasksPerEpoch = 1 + Int(rng.next() % 12)
            options.epochLengthBlocks = options.minimumEpochLengthBlocks
            #expect(options.problem == nil)
            let dir = TemporaryDirectory("bounds-\(round)")
            defer { dir.cleanup() }
            let report = try Simulator.simulate(options, into: dir.path + "/ledger")
            #expect(report.epochs == UInt32(options.epochs), "\(options)")
            options.epochLengthBlocks -= 1
            #expect(options.problem?.contains("--epoch-length-blocks") == true)
        }
    }

    @Test(
        "an epoch length whose blocks or timestamps would pass 64 bits is refused, naming the option"
    )
    func overflowIsRefused() {
        var options = Simulator.Options()
        options.epochLengthBlocks = .max / 2
        #expect(options.problem?.hasPrefix("--epoch-length-blocks must be in") == true)
        options.epochLengthBlocks = options.maximumEpochLengthBlocks
        #expect(options.problem == nil)
        #expect(options.maximumEpochLengthBlocks * UInt64(options.epochs + 2) <= UInt64.max / 12)
    }
}

// The simulated ledger the benchmarks measure, one shape for all of them.
import SpottedSimulation

/// The benchmarks' simulated ledger: seed 2026, 64 operators, 3 chains, 400 tasks per epoch,
/// 50 000-block epochs, as many epochs as it takes to reach `events` (the rest the simulator's
/// defaults: 2 dishonest operators, group commit).
public func benchmarkSimulationOptions(events: UInt64) -> Simulator.Options {
    var options = Simulator.Options()
    options.seed = 2026
    options.operators = 64
    options.chains = 3
    options.tasksPerEpoch = 400
    options.epochLengthBlocks = 50_000
    options.epochs = 1_000_000
    options.stopAfterEvents = events
    return options
}

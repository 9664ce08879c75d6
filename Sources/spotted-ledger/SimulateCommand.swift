import ArgumentParser
import Foundation
import SpottedLedger
import SpottedProtocol

/// Writes a seeded, realistic multi-chain history into a new ledger.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Generate a seeded multi-chain history into a new ledger.",
        discussion: """
            Same seed and options, same log, byte for byte.
            Example: spotted-ledger simulate --ledger logs/demo --operators 30 --chains 3 --epochs 8 --dishonest 2
            """)

    @OptionGroup var options: LedgerOptions
    @Option(help: "Seed of the history.") var seed: UInt64 = 1
    @Option(help: "Operators (1…1000).") var operators = 30
    @Option(help: "Destination chains with light registries (1…16).") var chains = 3
    @Option(help: "Epochs (1…1000).") var epochs = 8
    @Option(help: "Operators that sign wrong values (≤ operators).") var dishonest = 2
    @Option(help: "Blocks per epoch (≥ 16; more than the main-chain events of one epoch).") var epochLength: UInt64 = 1_000
    @Option(help: "Tasks per epoch (1…10000), each answered by most registered operators.") var tasksPerEpoch = 2

    func validate() throws {
        guard (1...1_000).contains(operators) else { throw ValidationError("--operators must be in 1…1000, got \(operators)") }
        guard (1...16).contains(chains) else { throw ValidationError("--chains must be in 1…16, got \(chains)") }
        guard (1...1_000).contains(epochs) else { throw ValidationError("--epochs must be in 1…1000, got \(epochs)") }
        guard (0...operators).contains(dishonest) else { throw ValidationError("--dishonest must be in 0…\(operators), got \(dishonest)") }
        guard epochLength >= 16 else { throw ValidationError("--epoch-length must be ≥ 16, got \(epochLength)") }
        guard (1...10_000).contains(tasksPerEpoch) else { throw ValidationError("--tasks-per-epoch must be in 1…10000, got \(tasksPerEpoch)") }
        guard !FileManager.default.fileExists(atPath: options.ledger + "/data.mdb") else {
            throw ValidationError("a ledger already exists at '\(options.ledger)'; choose another --ledger")
        }
    }

    func run() throws {
        var settings = Simulator.Options()
        settings.seed = seed; settings.operators = operators; settings.chains = chains
        settings.epochs = epochs; settings.dishonest = dishonest; settings.epochLengthBlocks = epochLength
        settings.tasksPerEpoch = tasksPerEpoch
        let start = Date()
        let engine = try options.openEngine()
        var simulator = Simulator(options: settings)
        let progress = Progress(label: "simulate: epoch", total: UInt64(epochs))
        do { try simulator.run(into: engine) { progress.update(UInt64($0) + 1) } } catch { throw Failure("simulation refused: \(error)") }
        progress.finish()
        let s = engine.state
        let challenges = s.stateDisputeResolver.challenges.values
        let slashes = challenges.compactMap(\.resolution).flatMap(\.slashes).count
        let seconds = -start.timeIntervalSinceNow
        options.emit(.object([
            ("ledger", .string(options.ledger)), ("seed", .number(String(seed))), ("events", .int(engine.log.head.sequence)),
            ("epochs", .int(s.currentEpoch + 1)), ("operatorsRegistered", .int(s.stakeRegistry.totalOperators)),
            ("replicas", .int(s.replicas.count)), ("challenges", .int(challenges.count)),
            ("successfulChallenges", .int(challenges.filter { $0.resolution?.successful == true }.count)), ("slashes", .int(slashes)),
            ("rewardEpochs", .int(s.rewardsCoordinator.rewards.count)), ("headHash", .string(engine.log.head.hash.description)),
            ("stateRoot", .string(s.root.description)), ("seconds", .number(String(format: "%.2f", seconds))),
        ])) {
            print("simulated \(engine.log.head.sequence) events into \(options.ledger) in \(String(format: "%.1f", seconds)) s (seed \(seed))")
            print("  epochs \(s.currentEpoch + 1), operators registered \(s.stakeRegistry.totalOperators), replicas \(s.replicas.count)")
            print("  challenges \(challenges.count) (\(challenges.filter { $0.resolution?.successful == true }.count) successful), slashes \(slashes), reward epochs \(s.rewardsCoordinator.rewards.count)")
            print("  head \(engine.log.head.hash)")
            print("  state root \(s.root)")
        }
    }
}

import ArgumentParser
import Foundation
import SpottedLedger
import SpottedSimulation

/// Writes a seeded, realistic multi-chain history into a new ledger.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a seeded multi-chain history into a new ledger.",
        discussion: """
            Same seed and options, same log, byte for byte. The ledger is built in
            <ledger>.partial-<pid> and renamed into place when complete: a refusal, an error or
            Ctrl-C (exit 130; SIGTERM 143) leaves nothing. --force replaces an existing ledger.
            Example:
              spotted-ledger simulate --ledger logs/demo --operators 30 --chains 3 \\
                --epochs 8 --dishonest 2
            With --replicate URL[,URL…] --stream NAME every commit group goes to that NATS
            JetStream stream first (docs/scale-out.md), in groups of at most 1000 entries.
            """)

    @OptionGroup var options: NewLedgerOptions
    @Option(help: "Seed of the history.") var seed: UInt64 = 1
    @Option(help: "Operators (1…1000).") var operators = 30
    @Option(help: "Destination chains with light registries (1…16).") var chains = 3
    @Option(help: "Epochs (1…1000).") var epochs = 8
    @Option(help: "Operators that sign wrong values (≤ operators).") var dishonest = 2
    @Option(
        name: [.customLong("epoch-length-blocks"), .customLong("epoch-length")],
        help:
            "Blocks per epoch: at least what the other options need (the error names the range). --epoch-length is an alias."
    )
    var epochLengthBlocks: UInt64 = 1_000
    @Option(help: "Tasks per epoch (1…10000), each answered by most registered operators.")
    var tasksPerEpoch = 2
    @Option(
        help:
            "Write through this NATS cluster (comma-separated nats://HOST:PORT): each group committed to --stream first."
    )
    var replicate: String?
    @Option(help: "The JetStream stream of the ledger (with --replicate; created when missing).")
    var stream: String?

    /// The simulator's options from the command line.
    var settings: Simulator.Options {
        var settings = Simulator.Options()
        settings.seed = seed
        settings.operators = operators
        settings.chains = chains
        settings.epochs = epochs
        settings.dishonest = dishonest
        settings.epochLengthBlocks = epochLengthBlocks
        settings.tasksPerEpoch = tasksPerEpoch
        return settings
    }

    func validate() throws {
        guard (1...1_000).contains(operators) else {
            throw ValidationError("--operators must be in 1…1000, got \(operators)")
        }
        guard (1...16).contains(chains) else {
            throw ValidationError("--chains must be in 1…16, got \(chains)")
        }
        guard (1...1_000).contains(epochs) else {
            throw ValidationError("--epochs must be in 1…1000, got \(epochs)")
        }
        guard (0...operators).contains(dishonest) else {
            throw ValidationError("--dishonest must be in 0…\(operators), got \(dishonest)")
        }
        guard (1...10_000).contains(tasksPerEpoch) else {
            throw ValidationError("--tasks-per-epoch must be in 1…10000, got \(tasksPerEpoch)")
        }
        if let problem = settings.problem { throw ValidationError(problem) }
        if let replicate {
            _ = try natsURLs(replicate, option: "--replicate")
            guard stream?.isEmpty == false else {
                throw ValidationError("--replicate needs --stream NAME")
            }
        } else if stream != nil {
            throw ValidationError("--stream needs --replicate nats://HOST:PORT[,…]")
        }
    }

    func run() throws {
        let settings = self.settings
        let replicated: (any ReplicatedLog)? =
            if let replicate, let stream {
                try makeReplicatedLog(
                    urls: try natsURLs(replicate, option: "--replicate"), stream: stream,
                    createIfMissing: true)
            } else { nil }
        let progress = Progress(label: "simulate", total: 0)
        var r = try LedgerCreation(target: options.ledger).build { directory, interruption in
            try query { () throws(QueryError) in
                try Simulator.simulate(settings, into: directory, replicated: replicated) {
                    epoch, sequence in
                    progress.update(sequence, label: "simulate: epoch \(epoch + 1)/\(epochs),")
                    interruption.checkpoint(sequence)
                }
            }
        }
        r.ledger = options.ledger
        progress.finish()
        try options.emit(r) {
            print(
                "simulated \(r.events) events into \(r.ledger) in \(String(format: "%.1f", r.seconds)) s (seed \(r.seed))"
            )
            print(
                "  epochs \(r.epochs), operators registered \(r.operatorsRegistered), replicas \(r.replicas)"
            )
            print(
                "  challenges \(r.challenges) (\(r.successfulChallenges) successful), slashes \(r.slashes), reward epochs \(r.rewardEpochs)"
            )
            print("  head \(r.headHash)")
            print("  state root \(r.stateRoot)")
        }
    }
}

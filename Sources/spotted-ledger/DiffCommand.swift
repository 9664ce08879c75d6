import ArgumentParser
import SpottedLedger

/// Main registry vs each light registry, per epoch, down to the first differing field.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare the main registry with each replica at each epoch (exit 1 if any differs).",
        discussion:
            "Examples:\n  spotted-ledger diff --ledger logs/demo\n  spotted-ledger diff --ledger logs/demo --chain 2 --epoch 3 --json"
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "Only this destination chain.") var chain: UInt64?
    @Option(help: "Only this epoch.") var epoch: UInt32?

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let progress = Progress(label: "diff", total: 0, unit: "comparisons")
        let report = try query { () throws(QueryError) in
            try engine.diff(chainId: chain, epoch: epoch) { progress.update($0) }
        }
        progress.finish()
        try options.emit(report) {
            for d in report.results {
                let gaps =
                    d.gaps.isEmpty
                    ? "" : "  gaps: \(d.gaps.map(String.init).joined(separator: ","))"
                print(
                    "chain \(d.chainId) epoch \(d.epoch): \(d.equal ? "equal (root \(d.mainRoot))" : "\(d.differences.count) differences")\(gaps)"
                )
                for f in d.differences.prefix(20) { print("  \(f)") }
                if d.differences.count > 20 {
                    print("  … \(d.differences.count - 20) more (use --json)")
                }
            }
            print("\(report.comparisons) comparisons, \(report.differing) with differences")
        }
        if report.differing > 0 { throw ExitCode(1) }
    }
}

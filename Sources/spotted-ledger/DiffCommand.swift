import ArgumentParser
import Foundation
import SpottedLedger
import SpottedProtocol

/// Main registry vs each light registry, per epoch, down to the first differing field.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare the main registry with each replica at each epoch (exit 1 if any differs).",
        discussion: "Examples:\n  spotted-ledger diff --ledger logs/demo\n  spotted-ledger diff --ledger logs/demo --chain 2 --epoch 3 --json")

    @OptionGroup var options: LedgerOptions
    @Option(help: "Only this destination chain.") var chain: UInt64?
    @Option(help: "Only this epoch.") var epoch: UInt32?

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let engine = try options.openEngine()
        let s = engine.state
        let chains = chain.map { [$0] } ?? s.replicas.keys.sorted()
        var results = [RegistryDiff]()
        for c in chains {
            guard let replica = s.replicas[c] else { throw ValidationError("--chain \(c) has no replica (chains: \(s.replicas.keys.sorted().map(String.init).joined(separator: ", ")))") }
            let last = replica.lastAppliedEpoch ?? 0
            if let epoch, epoch > last { throw ValidationError("--epoch \(epoch) is out of range for chain \(c): its last applied batch is epoch \(last)") }
            for e in epoch.map({ [$0] }) ?? Array(0...last) { results.append(try s.diff(chainId: c, epoch: e)) }
        }
        let differing = results.filter { !$0.isEmpty }
        options.emit(.object([
            ("comparisons", .int(results.count)), ("differing", .int(differing.count)),
            ("results", .array(results.map { d in .object([
                ("chainId", .int(d.chainId)), ("epoch", .int(d.epoch)), ("equal", .bool(d.isEmpty)), ("mainRoot", .string(d.mainRoot.description)),
                ("replicaRoot", .string(d.replicaRoot.description)), ("gaps", .array(d.gaps.map { .int($0) })),
                ("differences", .array(d.differences.map { f in .object([("field", .string(f.field)), ("main", .string(f.main)), ("replica", .string(f.replica)),
                    ("mainSequence", f.mainSequence.map { .int($0) } ?? .string("")), ("replicaSequence", f.replicaSequence.map { .int($0) } ?? .string(""))]) })),
            ]) })),
        ])) {
            for d in results {
                let gaps = d.gaps.isEmpty ? "" : "  gaps: \(d.gaps.map(String.init).joined(separator: ","))"
                print("chain \(d.chainId) epoch \(d.epoch): \(d.isEmpty ? "equal (root \(d.mainRoot))" : "\(d.differences.count) differences")\(gaps)")
                for f in d.differences.prefix(20) { print("  \(f)") }
                if d.differences.count > 20 { print("  … \(d.differences.count - 20) more (use --json)") }
            }
            print("\(results.count) comparisons, \(differing.count) with differences")
        }
        if !differing.isEmpty { throw ExitCode(1) }
    }
}

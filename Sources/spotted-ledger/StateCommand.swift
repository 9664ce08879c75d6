import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol

/// The main registry at an epoch: operators, keys, weights, totals.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Show the main registry as seen at an epoch (default: the current one).",
        discussion: "Example: spotted-ledger state --ledger logs/demo --epoch 2")

    @OptionGroup var options: LedgerOptions
    @Option(help: "Epoch to show.") var epoch: UInt32?

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let engine = try options.openEngine()
        let s = engine.state
        let at = epoch ?? s.currentEpoch
        guard at <= s.currentEpoch + 2 else { throw ValidationError("--epoch \(at) is out of range: the ledger is in epoch \(s.currentEpoch)") }
        let view = s.stakeRegistry.view(at: at)
        let ops = view.operators.keys.sorted()
        options.emit(.object([
            ("epoch", .int(at)), ("currentEpoch", .int(s.currentEpoch)), ("stateRoot", .string(s.root.description)),
            ("registryRoot", .string(view.root.description)), ("totalWeight", .number(view.totalWeight.description)),
            ("threshold", .number(view.threshold.description)), ("minimumWeight", .number(view.minimumWeight.description)),
            ("operators", .array(ops.compactMap { op in view.operators[op].map { v in
                .object([("operator", .string(op.checksummed)), ("registered", .bool(v.registered)), ("signingKey", .string(v.signingKey.checksummed)),
                         ("p2pKey", .string(v.p2pKey.checksummed)), ("weight", .number(v.weight.description))]) } })),
        ])) {
            print("main registry at epoch \(at) (current \(s.currentEpoch)): total weight \(view.totalWeight), threshold \(view.threshold), minimum \(view.minimumWeight)")
            print("operator                                    registered  weight      signing key")
            for op in ops {
                guard let v = view.operators[op] else { continue }
                print("\(op)  \(v.registered ? "yes" : "no ")         \(v.weight.description.padding(toLength: 10, withPad: " ", startingAt: 0))  \(v.signingKey)")
            }
            print("state root \(s.root)")
        }
    }
}

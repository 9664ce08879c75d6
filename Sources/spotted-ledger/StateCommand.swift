import ArgumentParser
import Foundation
import SpottedLedger

/// The main registry at an epoch: operators, keys, weights, totals.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the main registry as seen at an epoch (default: the current one).",
        discussion: "Example: spotted-ledger state --ledger logs/demo --epoch 2")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "Epoch to show (weights, keys, threshold and minimum weight in force then).")
    var epoch: UInt32?

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let r = try query { () throws(QueryError) in try engine.registrySummary(at: epoch) }
        try options.emit(r) {
            print(
                "main registry at epoch \(r.epoch) (current \(r.currentEpoch)): total weight \(r.totalWeight), threshold \(r.threshold), minimum \(r.minimumWeight)"
            )
            print("operator                                    registered  weight      signing key")
            for v in r.operators {
                print(
                    "\(v.operator)  \(v.registered ? "yes" : "no ")         \(v.weight.description.padding(toLength: 10, withPad: " ", startingAt: 0))  \(v.signingKey)"
                )
            }
            // The registry view is the epoch's; the state root is the ledger's now (labelled so).
            print("registry root at epoch \(r.epoch) \(r.registryRoot)")
            print("ledger state root now (epoch \(r.currentEpoch)) \(r.stateRoot)")
            printBalances(r.balances)
        }
    }
}

/// Prints the resolver's balances: each challenger's claimable and claimed wei, and the treasury.
func printBalances(_ b: ClaimableBalances) {
    print(
        "bonds     claimable \(b.totalClaimableWei) wei (\(b.claimable.count) accounts), treasury \(b.treasuryWei) wei"
    )
    for x in b.claimable { print("  claimable  \(x.account)  \(x.amountWei) wei") }
    for x in b.claimed { print("  claimed    \(x.account)  \(x.amountWei) wei") }
}

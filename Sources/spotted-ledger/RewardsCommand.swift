import ArgumentParser
import Foundation
import SpottedLedger

/// One epoch's rewards submission: scores, amounts, remainder, quorum and submission hash.
struct RewardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewards",
        abstract:
            "Show an epoch's rewards submission: per-operator scores and amounts, remainder, quorum, hash.",
        discussion: "Example: spotted-ledger rewards --ledger logs/demo --epoch 1")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The rewarded epoch.") var epoch: UInt32

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let r = try query { () throws(QueryError) in try engine.rewards(epoch: epoch) }
        try options.emit(r) {
            print(
                "rewards for epoch \(r.epoch) (seq \(r.sequence), nonce \(r.nonce)): \(r.amount) of token \(r.token)"
            )
            print(
                "period    start \(r.startTimestamp) s, duration \(r.durationSeconds) s; total score \(r.totalScore)"
            )
            let quorum = r.quorum.map { "\($0.strategy)×\($0.multiplier)" }
            print("quorum    \(quorum.joined(separator: ", "))  (in force at epoch \(r.epoch))")
            print("operator                                    score                 amount")
            for o in r.operators {
                let mark = o.operator == r.remainderTo ? "  + remainder" : ""
                print(
                    "\(o.operator)  \(o.score.description.padding(toLength: 20, withPad: " ", startingAt: 0))  \(o.amount)\(mark)"
                )
            }
            print("remainder to \(r.remainderTo)")
            print("submission hash \(r.submissionHash)")
        }
    }
}

import ArgumentParser
import Foundation
import SpottedLedger

/// Counts of what the ledger holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the ledger: events by kind, epochs, operators, replicas, disputes.",
        discussion: "Example: spotted-ledger stats --ledger logs/demo --json")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let r = try query { () throws(QueryError) in try engine.stats() }
        try options.emit(r) {
            print(
                "\(r.events) events, epoch \(r.currentEpoch), \(r.operatorsRegistered) operators registered, \(r.replicas) replicas, \(r.challenges) challenges"
            )
            for (name, count) in r.byKind.fields {
                print("  \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(count)")
            }
            print("head \(r.headHash)\nstate root \(r.stateRoot)")
        }
    }
}

import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger

/// Every event that touched an operator, with before and after values.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every event that touched an operator, with its values before → after.",
        discussion: "Example: spotted-ledger history --ledger logs/demo --operator 0x…")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The operator address (0x…).") var `operator`: String

    func validate() throws {
        do { _ = try Address(`operator`) } catch { throw ValidationError("--operator: \(error)") }
    }

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let op = try Address(`operator`)
        let report = try query { () throws(QueryError) in try engine.operatorHistory(op) }
        try options.emit(report) {
            print("operator \(op): \(report.changes.count) events")
            for c in report.changes {
                let parts = c.changes.map { "\($0.field) \($0.before) → \($0.after)" }
                var what = parts.isEmpty ? "(sent by the operator)" : parts.joined(separator: "; ")
                if let epoch = c.effectiveEpoch.value { what += "  (in force from epoch \(epoch))" }
                print(
                    "  seq \(String(c.sequence).leftPad(6))  \(c.kind.padding(toLength: 28, withPad: " ", startingAt: 0)) \(what)"
                )
            }
        }
    }
}

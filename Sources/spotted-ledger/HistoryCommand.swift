import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger

/// Every event that touched an operator, with before and after values.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every event that touched an operator, with its values before and after.",
        discussion: "Example: spotted-ledger history --ledger logs/demo --operator 0x…")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The operator address (0x…).") var `operator`: String

    func validate() throws {
        do { _ = try Address(`operator`) } catch { throw ValidationError("--operator: \(error)") }
    }

    func run() throws {
        let engine = try options.openEngine()
        let op = try Address(`operator`)
        let report = try query { () throws(QueryError) in try engine.operatorHistory(op) }
        try options.emit(report) {
            print("operator \(op): \(report.changes.count) events")
            for c in report.changes {
                var parts = [String]()
                if c.before.registered != c.after.registered {
                    parts.append("registered \(c.before.registered) → \(c.after.registered)")
                }
                if c.before.weight != c.after.weight {
                    parts.append("weight \(c.before.weight) → \(c.after.weight)")
                }
                if c.before.signingKey != c.after.signingKey {
                    parts.append("signing key → \(c.after.signingKey)")
                }
                if c.before.p2pKey != c.after.p2pKey { parts.append("p2p key → \(c.after.p2pKey)") }
                if c.before.shares != c.after.shares { parts.append("shares changed") }
                if c.before.magnitudes != c.after.magnitudes { parts.append("slashed") }
                let what = parts.isEmpty ? "(sent by the operator)" : parts.joined(separator: "; ")
                print(
                    "  seq \(String(c.sequence).leftPad(6))  \(c.kind.padding(toLength: 28, withPad: " ", startingAt: 0)) \(what)"
                )
            }
        }
    }
}

import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol

/// Every event that touched an operator, with before and after values.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show every event that touched an operator, with its values before and after.",
        discussion: "Example: spotted-ledger history --ledger logs/demo --operator 0x…")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The operator address (0x…).") var `operator`: String

    func validate() throws {
        try options.validateExisting()
        do { _ = try Address(`operator`) } catch { throw ValidationError("--operator: \(error)") }
    }

    func run() throws {
        let engine = try options.openEngine()
        let op = try Address(`operator`)
        let changes = try Engine.history(of: op, in: engine.log)
        func describe(_ s: OperatorSnapshot) -> JSONText {
            .object([("registered", .bool(s.registered)), ("signingKey", .string(s.signingKey.checksummed)), ("p2pKey", .string(s.p2pKey.checksummed)),
                     ("weight", .number(s.weight.description)),
                     ("shares", .object(s.shares.keys.sorted().map { ($0.checksummed, .number(s.shares[$0]?.description ?? "0")) })),
                     ("magnitudes", .object(s.magnitudes.keys.sorted().map { ($0.checksummed, .int(s.magnitudes[$0]?.currentWad ?? 0)) }))])
        }
        options.emit(.object([("operator", .string(op.checksummed)), ("changes", .array(changes.map { c in
            .object([("sequence", .int(c.sequence)), ("kind", .string(c.kind)), ("chainId", .int(c.chainId)), ("before", describe(c.before)), ("after", describe(c.after))]) }))])) {
            print("operator \(op): \(changes.count) events")
            for c in changes {
                var parts = [String]()
                if c.before.registered != c.after.registered { parts.append("registered \(c.before.registered) → \(c.after.registered)") }
                if c.before.weight != c.after.weight { parts.append("weight \(c.before.weight) → \(c.after.weight)") }
                if c.before.signingKey != c.after.signingKey { parts.append("signing key → \(c.after.signingKey)") }
                if c.before.p2pKey != c.after.p2pKey { parts.append("p2p key → \(c.after.p2pKey)") }
                if c.before.shares != c.after.shares { parts.append("shares changed") }
                if c.before.magnitudes != c.after.magnitudes { parts.append("slashed") }
                print("  seq \(String(c.sequence).leftPad(6))  \(c.kind.padding(toLength: 28, withPad: " ", startingAt: 0)) \(parts.isEmpty ? "(sent by the operator)" : parts.joined(separator: "; "))")
            }
        }
    }
}

import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger

/// Lists events, filtered by kind, chain or sender.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List events from the log, with filters.",
        discussion:
            "Example: spotted-ledger events --ledger logs/demo --kind submit-challenge --limit 5")

    @OptionGroup var options: LedgerOptions
    @Option(help: "First sequence number.") var from: UInt64 = 1
    @Option(help: "Most events to list (1…100000).") var limit = 50
    @Option(help: "Only this kind (e.g. register-operator).") var kind: String?
    @Option(help: "Only this chain.") var chain: UInt64?
    @Option(help: "Only this sender (0x address).") var sender: String?
    @Flag(help: "List a damaged log's events anyway (a warning names the first bad sequence).")
    var allowDamaged = false

    func validate() throws {
        guard (1...100_000).contains(limit) else {
            throw ValidationError("--limit must be in 1…100000")
        }
        if let kind, !LedgerFiles.kindNames.contains(kind) {
            throw ValidationError(
                "--kind '\(kind)' is unknown; kinds: \(LedgerFiles.kindNames.joined(separator: ", "))"
            )
        }
        if let sender {
            do { _ = try Address(sender) } catch { throw ValidationError("--sender: \(error)") }
        }
    }

    func run() throws {
        var filter = EventFilter()
        filter.from = from
        filter.limit = limit
        filter.kind = kind
        filter.chainId = chain
        filter.sender = try sender.map { try Address($0) }
        filter.allowDamaged = allowDamaged
        if allowDamaged,
            let bad = try query({ () throws(QueryError) in
                try LedgerFiles.firstBadSequence(in: options.ledger)
            })
        {
            FileHandle.standardError.write(
                Data(
                    "warning: \(options.ledger) is damaged from sequence \(bad); events from \(bad) on are unverified\n"
                        .utf8))
        }
        let rows = try query { () throws(QueryError) in
            try LedgerFiles.events(in: options.ledger, filter: filter)
        }
        try options.emit(rows) {
            print("   seq  chain      block  sender                                      kind")
            for e in rows {
                print(
                    "\(String(e.sequence).leftPad(6))  \(String(e.chainId).leftPad(5))  \(String(e.blockNumber).leftPad(9))  \(e.sender)  \(e.kind)"
                )
                let fields = e.fields.value.map(\.line) ?? e.fields.absent
                if !fields.isEmpty { print("        \(fields)") }
            }
        }
    }
}

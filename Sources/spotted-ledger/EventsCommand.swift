import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger

/// Lists events, filtered by kind, chain or sender.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List events from the log, with filters.",
        discussion: """
            --follow keeps streaming new events as they are appended (by serve, submit or any other
            writer) until interrupted or --limit events went out; with --json each is one JSON
            line. --from SEQ resumes after the last sequence seen.
            Example: spotted-ledger events --ledger logs/demo --kind submit-challenge --limit 5
              spotted-ledger events --ledger logs/live --follow --from 1200 --json
            """)

    @OptionGroup var options: LedgerOptions
    @Option(help: "First sequence number.") var from: UInt64 = 1
    @Option(help: "Most events to list (1…100000; default 50, unbounded with --follow).")
    var limit: Int?
    @Option(help: "Only this kind (e.g. register-operator).") var kind: String?
    @Option(help: "Only this chain.") var chain: UInt64?
    @Option(help: "Only this sender (0x address).") var sender: String?
    @Flag(help: "List a damaged log's events anyway (a warning names the first bad sequence).")
    var allowDamaged = false
    @Flag(help: "Keep streaming events as they are appended, until interrupted or --limit.")
    var follow = false
    @Option(help: "With --follow: how often to look for other processes' appends, in ms.")
    var pollMs = 200

    func validate() throws {
        if let limit, !(1...100_000).contains(limit) {
            throw ValidationError("--limit must be in 1…100000")
        }
        guard (1...60_000).contains(pollMs) else {
            throw ValidationError("--poll-ms must be in 1…60000")
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
        filter.limit = limit ?? (follow ? Int.max : 50)
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
        if follow { return try stream(filter) }
        let rows = try query { () throws(QueryError) in
            try LedgerFiles.events(in: options.ledger, filter: filter)
        }
        try options.emit(rows) {
            print(Self.header)
            for e in rows { print(Self.lines(e)) }
        }
    }

    static let header = "   seq  chain      block  sender                                      kind"

    /// One event as the table shows it: its row, and its fields on the next line.
    static func lines(_ e: EventRow) -> String {
        let row =
            "\(String(e.sequence).leftPad(6))  \(String(e.chainId).leftPad(5))  \(String(e.blockNumber).leftPad(9))  \(e.sender)  \(e.kind)"
        let fields = e.fields.value.map(\.line) ?? e.fields.absent
        return fields.isEmpty ? row : row + "\n        \(fields)"
    }

    /// `--follow`: each event as it comes, a table line or a JSON line, flushed at once.
    func stream(_ filter: EventFilter) throws {
        let json = options.json
        if !json { print(Self.header) }
        try query { () throws(QueryError) in
            try LedgerFiles.follow(
                in: options.ledger, filter: filter, pollInterval: .milliseconds(pollMs)
            ) { row in
                print(json ? ((try? ReportJSON.render(row)) ?? "") : Self.lines(row))
                fflush(nil)
                return true
            }
        }
    }
}

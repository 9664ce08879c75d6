import ArgumentParser
import Foundation
import SpottedLedger

/// Submits actions written as JSON lines.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit actions (JSON lines) to a ledger; print each one's sequence or refusal.",
        discussion: """
            Each line is one action: {"kind", "chainId", "blockNumber", "timestamp", "sender",
            "fields"} — the shape 'events --json' prints, kinds and fields as docs/events.md names
            them, integers as decimal strings, bytes as 0x hex, addresses EIP-55 or lower case
            (docs/cli.md#submit). Lines are submitted each on its own, in order, 4096 at a time:
            signatures recovered on every core, then one durable write per group. A refused line
            does not stop the others; the exit code is 1 if any was refused.
            Example: spotted-ledger submit --ledger logs/demo actions.jsonl
            """)

    @Option(help: "The ledger directory (the default is $SPOTTED_LEDGER when set).")
    var ledger = defaultLedger
    @Flag(help: "Print one JSON object for scripts instead of a line per action.")
    var json = false
    @Flag(help: "Create the ledger when it does not exist (its first action must be the genesis).")
    var create = false
    @Argument(help: "The JSON-lines file to read; - (the default) reads standard input.")
    var input = "-"

    func validate() throws {
        if !create, !FileManager.default.fileExists(atPath: ledger + "/data.mdb") {
            throw ValidationError(
                "no ledger at '\(ledger)' (expected \(ledger)/data.mdb); pass --create to start one"
            )
        }
        if input != "-", !FileManager.default.isReadableFile(atPath: input) {
            throw ValidationError("'\(input)' does not exist or is not readable")
        }
    }

    func run() throws {
        let report = try query { () throws(QueryError) in
            try LedgerFiles.submit(into: ledger, from: input, create: create) { line in
                guard !json else { return }
                if let error = line.error {
                    print("line \(line.line): refused: \(error.message)")
                } else if let sequence = line.sequence, let hash = line.hash {
                    print("line \(line.line): sequence \(sequence) \(hash) \(line.kind ?? "")")
                }
                fflush(nil)
            }
        }
        if json {
            print(try ReportJSON.render(report))
        } else {
            print(
                "\(report.accepted) accepted, \(report.refused) refused; head \(report.headSequence) \(report.headHash)"
            )
        }
        if report.refused > 0 { throw ExitCode(1) }
    }
}

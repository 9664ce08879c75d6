import ArgumentParser
import SpottedLedger

/// Writes the log as JSON lines (docs/event-log-format.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON lines with an end line.",
        discussion: "Example: spotted-ledger export --ledger logs/demo --output demo.jsonl")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The file to write.") var output: String

    func run() throws {
        let report = try query { () throws(QueryError) in
            try LedgerFiles.export(directory: options.ledger, to: output)
        }
        try options.emit(report) {
            print("exported \(report.events) events to \(output) (head \(report.headHash))")
        }
    }
}

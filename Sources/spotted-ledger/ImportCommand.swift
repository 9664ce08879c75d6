import ArgumentParser
import Foundation
import SpottedLedger

/// Rebuilds a ledger from an export, re-verifying every hash and then replaying every event.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Build a new ledger from an export, re-verifying every hash and replaying every event.",
        discussion:
            "A bad line stops the import with its number; nothing after it is appended.\nExample: spotted-ledger import --ledger logs/copy --input demo.jsonl"
    )

    @OptionGroup var options: NewLedgerOptions
    @Option(help: "The export file to read.") var input: String

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: input) else {
            throw ValidationError("--input '\(input)' is not a readable file")
        }
    }

    func run() throws {
        let report = try query { () throws(QueryError) in
            try LedgerFiles.importLedger(directory: options.ledger, from: input)
        }
        try options.emit(report) {
            print(
                "imported \(report.events) events into \(options.ledger); every hash re-verified, replay state root \(report.stateRoot)"
            )
        }
    }
}

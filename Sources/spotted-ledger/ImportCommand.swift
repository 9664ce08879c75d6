import ArgumentParser
import Foundation
import SpottedLedger

/// Rebuilds a ledger from an export through the engine's submit path.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Build a new ledger from an export: every line re-hashed and submitted to the engine.",
        discussion: """
            Lines are JSON objects (any spacing, key order, CRLF line ends, blank lines at the end);
            each is checked like a submission (kind name and code agree, no repeated action, the
            rules accept it) and its hash re-computed. A bad line stops the import naming the line,
            the field and the cause, and nothing is kept: the ledger is built in
            <ledger>.partial-<pid> and renamed into place only when complete (Ctrl-C: exit 130).
            --input - reads standard input. --force replaces an existing ledger.
            Example: spotted-ledger import --ledger logs/copy --input demo.jsonl
            """
    )

    @OptionGroup var options: NewLedgerOptions
    @Option(help: "The export file to read; - reads standard input.") var input: String

    func validate() throws {
        guard input != "-" else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            throw ValidationError("--input '\(input)' does not exist")
        }
        guard !isDirectory.boolValue else {
            throw ValidationError(
                "--input '\(input)' is a directory, not an export file (--ledger and --input swapped?)"
            )
        }
        guard FileManager.default.isReadableFile(atPath: input) else {
            throw ValidationError("--input '\(input)' is not readable")
        }
    }

    func run() throws {
        let progress = Progress(label: "import: sequence", total: 0)
        var report = try LedgerCreation(target: options.ledger).build { directory, interruption in
            try query { () throws(QueryError) in
                try LedgerFiles.importLedger(directory: directory, from: input) { sequence in
                    if sequence & 0xFFF == 0 { progress.update(sequence) }
                    interruption.checkpoint(sequence)
                }
            }
        }
        report.ledger = options.ledger
        progress.finish()
        try options.emit(report) {
            print(
                "imported \(report.events) events into \(options.ledger); every hash re-verified, every event submitted, state root \(report.stateRoot)"
            )
        }
    }
}

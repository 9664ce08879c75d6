import ArgumentParser
import Foundation
import SpottedLedger

/// Cuts a ledger back to a sequence, keeping what it removes in a file.
struct UnwindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unwind",
        abstract: "Remove every entry after --to (and its snapshots), saving them to a file first.",
        discussion: """
            Like `reth stage unwind`: for a ledger whose tail is damaged (verify names the first bad \
            sequence) or must be replayed differently. The removed entries are written first, one \
            export line each, to --removed-to (default: beside the ledger, <ledger>.unwound-<to>.jsonl). \
            Refused without --yes.
            Example: spotted-ledger unwind --ledger logs/demo --to 120 --yes
            """)

    @OptionGroup var options: LedgerOptions

    @Option(help: "The sequence to keep as the new head.")
    var to: UInt64

    @Option(help: "Where to write the removed entries (must not exist).")
    var removedTo: String?

    @Flag(help: "Confirm: without it nothing is removed.")
    var yes = false

    func validate() throws {
        guard yes else {
            throw ValidationError(
                "unwind removes every entry after \(to) from \(options.ledger); add --yes to do it")
        }
    }

    func run() throws {
        let file = removedTo ?? "\(options.ledger).unwound-\(to).jsonl"
        let r = try query { () throws(QueryError) in
            try LedgerFiles.unwind(directory: options.ledger, to: to, removedTo: file)
        }
        try options.emit(r) {
            print(
                "unwound \(r.ledger) from \(r.previousHead) to \(r.headSequence): \(r.removedEvents) entries and \(r.removedSnapshots) snapshots removed"
            )
            print("removed entries written to \(r.removedTo) (\(r.written) lines)")
            if let why = r.unreadable {
                print("warning: an entry after line \(r.written) was unreadable: \(why)")
            }
            print("head \(r.headHash)")
        }
    }
}

import ArgumentParser
import SpottedLedger

/// Verifies the hash chain and every snapshot, then replays every event (which re-checks every
/// signature: registrations, responses, challenges) and compares the final state root.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the hash chain, every snapshot root and every signature in the log.",
        discussion:
            "Exit code 1 names the first bad sequence.\nExample: spotted-ledger verify --ledger logs/demo --json"
    )

    @OptionGroup var options: LedgerOptions

    func run() throws {
        let progress = Progress(label: "verify", total: 0)
        let r = try query { () throws(QueryError) in
            try LedgerFiles.verify(directory: options.ledger) { phase, done, total in
                progress.update(done, label: "verify \(phase)", total: total)
            }
        }
        progress.finish()
        try options.emit(r) {
            if r.valid {
                print(
                    "valid: \(r.events) events, head \(r.headHash), \(r.snapshots) snapshots, every signature re-checked"
                )
                print("  state root \(r.stateRoot.value.map(\.description) ?? r.stateRoot.absent)")
            } else {
                print("INVALID: \(r.problem ?? "")")
            }
        }
        if !r.valid { throw ExitCode(1) }
    }
}

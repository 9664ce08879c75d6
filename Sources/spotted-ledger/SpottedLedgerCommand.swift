import ArgumentParser

/// `spotted-ledger`: the command-line tool over the ledger engine.
@main
struct SpottedLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotted-ledger",
        abstract: "Event-sourced ledger for the Spotted AVS: replay, audit, diff and verify.",
        discussion: """
            Examples:
              spotted-ledger demo                      sign and verify a state claim with 5 operators
              spotted-ledger demo --operators 3 --json
            """,
        subcommands: [DemoCommand.self])
}

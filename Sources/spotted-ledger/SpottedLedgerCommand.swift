import ArgumentParser
import Foundation

/// `spotted-ledger`: the command-line tool over the ledger engine.
///
/// Exit codes: 0 success, 1 refusal or mismatch (a rule refused, a check failed), 2 bad usage.
@main
struct SpottedLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotted-ledger",
        abstract:
            "Event-sourced ledger for the Spotted AVS: simulate, replay, audit, diff and verify.",
        discussion: """
            Every command that reads a ledger takes --ledger PATH (default logs/default) and --json.
            Exit codes: 0 success, 1 refusal or mismatch, 2 bad usage. With --json an error is one
            line {"error": {"code", "rule", "field", "sequence", "message"}} on standard output.
            Examples:
              spotted-ledger simulate --ledger logs/demo --operators 30 --chains 3 --epochs 8 --dishonest 2
              spotted-ledger replay --ledger logs/demo
              spotted-ledger diff --ledger logs/demo
              spotted-ledger audit --ledger logs/demo --first
              spotted-ledger verify --ledger logs/demo --json
            """,
        subcommands: [
            TourCommand.self, SimulateCommand.self, ReplayCommand.self, VerifyCommand.self,
            StateCommand.self,
            DiffCommand.self, AuditCommand.self, CheckSignatureCommand.self, QueueCommand.self,
            HistoryCommand.self, EventsCommand.self,
            RewardsCommand.self, ClaimCommand.self, BundleCommand.self, RecoverCommand.self,
            ExportCommand.self, ImportCommand.self, StatsCommand.self, UnwindCommand.self,
        ])

    /// Runs the tool; an error is printed once, by ``ErrorOutput``, with exit code 1 or 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let (report, status) = ErrorOutput.report(for: error) else {
                exit(withError: error)
            }
            ErrorOutput.print(report, json: ErrorOutput.wantsJSON(CommandLine.arguments))
            Foundation.exit(status)
        }
    }
}

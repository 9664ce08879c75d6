import ArgumentParser
import Foundation
import SpottedLedger

/// The tool's version, printed by `--version`, with the reducer version it replays with.
let toolVersion = "0.1.0 (reducers v\(Engine.reducerVersion))"

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
            Every command that reads a ledger takes --ledger PATH (default $SPOTTED_LEDGER, else
            logs/default) and --json.
            Exit codes: 0 success, 1 refusal or mismatch, 2 bad usage. With --json an error is one
            line {"error": {"code", "rule", "field", "sequence", "message"}} on standard output.
            Examples:
              spotted-ledger simulate --ledger logs/demo --operators 30 --chains 3 \\
                --epochs 8 --dishonest 2
              spotted-ledger replay --ledger logs/demo
              spotted-ledger diff --ledger logs/demo
              spotted-ledger audit --ledger logs/demo --first
              spotted-ledger verify --ledger logs/demo --json
            """,
        version: toolVersion,
        subcommands: [
            TourCommand.self, SimulateCommand.self, ReplayCommand.self, VerifyCommand.self,
            StateCommand.self,
            DiffCommand.self, AuditCommand.self, CheckSignatureCommand.self, QueueCommand.self,
            HistoryCommand.self, EventsCommand.self,
            RewardsCommand.self, ClaimCommand.self, BundleCommand.self, RecoverCommand.self,
            ExportCommand.self, ImportCommand.self, SubmitCommand.self, StatsCommand.self,
            UnwindCommand.self, ReportCommand.self, EpochsCommand.self, ServeCommand.self,
            FollowCommand.self,
        ])

    /// Runs the tool; an error is printed once, by ``ErrorOutput``, with exit code 1 or 2.
    static func main() {
        refuseUnknownHelpTopic(Array(CommandLine.arguments.dropFirst()))
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

extension SpottedLedgerCommand {
    /// Exits 2 for `help NAME` when NAME is no command (the parser would print the overview).
    static func refuseUnknownHelpTopic(_ arguments: [String]) {
        guard arguments.first == "help", let topic = arguments.dropFirst().first,
            !topic.hasPrefix("-")
        else { return }
        let names = configuration.subcommands.flatMap { command in
            [command.configuration.commandName ?? ""] + command.configuration.aliases
        }
        guard !names.contains(topic), topic != "help" else { return }
        FileHandle.standardError.write(
            Data(
                "Error: unknown command '\(topic)'; commands: \(names.joined(separator: ", "))\n"
                    .utf8))
        Foundation.exit(2)
    }
}

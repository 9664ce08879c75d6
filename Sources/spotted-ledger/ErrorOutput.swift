import ArgumentParser
import Foundation
import SpottedLedger

/// A failed check, a refused action or a bad argument found by a query, with its error report:
/// exit code 1, or 2 for bad usage.
struct Failure: Error, CustomStringConvertible {
    /// What `--json` prints.
    let report: ErrorReport
    /// The exit code: 1 failure, 2 usage.
    let status: Int32

    /// A failure of unknown class (the ledger could not be opened), exit code 1.
    init(_ description: String) {
        report = ErrorReport(code: "CannotOpen", message: description)
        status = 1
    }

    /// A query's failure: exit code 2 for a bad argument, else 1.
    init(_ error: QueryError) {
        report = ErrorReport(error)
        status = error.isBadArgument ? 2 : 1
    }

    /// The error in one line.
    var description: String { report.error.message }
}

/// How the tool reports an error: one JSON line on standard output with `--json`, else one line
/// on standard error; exit code 1 (failure) or 2 (usage). The one place errors become output.
enum ErrorOutput {
    /// Whether the command line asks for JSON (`--json` before any `--`).
    static func wantsJSON(_ arguments: [String]) -> Bool {
        arguments.dropFirst().prefix { $0 != "--" }.contains("--json")
    }

    /// The report and exit code of `error`, or nil when the argument parser prints it itself
    /// (help, `--version`, an exit code thrown after the report was printed).
    static func report(for error: any Error) -> (report: ErrorReport, status: Int32)? {
        if let failure = error as? Failure { return (failure.report, failure.status) }
        if let failure = error as? QueryError { return report(for: Failure(failure)) }
        if error is ExitCode { return nil }
        let code = SpottedLedgerCommand.exitCode(for: error)
        if code == .success { return nil }
        let message = SpottedLedgerCommand.message(for: error)
        guard code == .validationFailure else {
            return (ErrorReport(code: "Failed", message: message), 1)
        }
        return (usageReport(message), 2)
    }

    /// A usage error's report: its class from the shared ledger checks' wording, and the option
    /// the message names first (`--epoch` gives `epoch`).
    static func usageReport(_ message: String) -> ErrorReport {
        let code =
            message.hasPrefix("no ledger at")
            ? "NoLedger"
            : message.hasPrefix("a ledger already exists") ? "LedgerExists" : "BadArgument"
        let field = code == "BadArgument" ? optionName(in: message) : "ledger"
        return ErrorReport(code: code, field: field, message: message)
    }

    /// The first `--option` a message names, without the dashes.
    static func optionName(in message: String) -> String? {
        guard let dashes = message.range(of: "--") else { return nil }
        let name = message[dashes.upperBound...].prefix {
            $0.isLetter || $0.isNumber || $0 == "-"
        }
        return name.isEmpty ? nil : String(name)
    }

    /// Prints `report` as `--json` asked, or as one line on standard error.
    static func print(_ report: ErrorReport, json: Bool) {
        if json, let line = try? ReportJSON.render(report) {
            Swift.print(line)
        } else {
            FileHandle.standardError.write(Data("Error: \(report.error.message)\n".utf8))
        }
    }
}

import ArgumentParser
import Foundation
import EventLog
import SpottedLedger

/// Verifies the hash chain and every snapshot, then replays every event (which re-checks every
/// signature: registrations, responses, challenges) and compares the final state root.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify the hash chain, every snapshot root and every signature in the log.",
        discussion: "Exit code 1 names the first bad sequence.\nExample: spotted-ledger verify --ledger logs/demo --json")

    @OptionGroup var options: LedgerOptions

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let log: EventLog
        do { log = try EventLog(directory: options.ledger) } catch { throw Failure("cannot open \(options.ledger): \(error)") }
        let progress = Progress(label: "verify", total: log.head.sequence)
        let report = try log.verify { progress.update($0) }
        progress.finish()
        var problem = report.problem.map { "\($0)" }
        var root = ""
        if problem == nil {
            do { root = try Engine.replay(log).root.description } catch { problem = "\(error)" }
        }
        options.emit(.object([("valid", .bool(problem == nil)), ("entries", .int(report.entries)), ("headHash", .string(report.headHash.description)),
                              ("snapshots", .int(report.snapshots)), ("stateRoot", .string(root)), ("problem", .string(problem ?? ""))])) {
            if let problem {
                print("INVALID: \(problem)")
            } else {
                print("valid: \(report.entries) entries, head \(report.headHash), \(report.snapshots) snapshots, every signature re-checked")
                print("  state root \(root)")
            }
        }
        if problem != nil { throw ExitCode(1) }
    }
}

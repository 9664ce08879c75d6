import ArgumentParser
import EventLog
import Foundation
import SpottedLedger

/// The options every ledger-reading command shares.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger directory.")
    var ledger = "logs/default"

    @Flag(help: "Print one JSON object for scripts instead of tables.")
    var json = false

    /// Refuses a path that holds no ledger (before anything could create one there).
    func validateExisting() throws {
        guard FileManager.default.fileExists(atPath: ledger + "/data.mdb") else {
            throw ValidationError("no ledger at '\(ledger)' (expected \(ledger)/data.mdb); create one with 'spotted-ledger simulate --ledger \(ledger)' or 'import'")
        }
    }

    /// Opens and replays the ledger, with a progress line on a terminal.
    func openEngine() throws -> Engine {
        do {
            return try Engine(directory: ledger)
        } catch {
            throw Failure("cannot open \(ledger): \(error)")
        }
    }

    func emit(_ value: JSONText, table: () -> Void) {
        if json { print(value.rendered) } else { table() }
    }
}

/// A progress line with rate and ETA on standard error, only when it is a terminal.
struct Progress {
    let label: String
    let total: UInt64
    let start = Date()
    let enabled = isatty(2) == 1

    func update(_ done: UInt64) {
        guard enabled, done > 0 else { return }
        let elapsed = -start.timeIntervalSinceNow
        let rate = Double(done) / max(elapsed, 0.001)
        let eta = total > done ? Double(total - done) / rate : 0
        let line = String(format: "\r%@ %llu/%llu  %.0f/s  ETA %.0fs ", label, done, total, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

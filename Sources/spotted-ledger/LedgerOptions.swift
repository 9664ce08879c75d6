import ArgumentParser
import Foundation
import SpottedLedger

/// The options every command that reads an existing ledger shares; parsing refuses a path that
/// holds no ledger (before anything could create one there).
struct LedgerOptions: ParsableArguments {
    /// Whether `ledger` holds a ledger (its data file).
    static func exists(_ ledger: String) -> Bool {
        FileManager.default.fileExists(atPath: ledger + "/data.mdb")
    }

    /// The refusal of a path that holds no ledger.
    static func missing(_ ledger: String) -> ValidationError {
        ValidationError(
            "no ledger at '\(ledger)' (expected \(ledger)/data.mdb); create one with 'spotted-ledger simulate --ledger \(ledger)' or 'import'"
        )
    }

    @Option(help: "The ledger directory (the default is $SPOTTED_LEDGER when set).")
    var ledger = defaultLedger

    @Flag(help: "Print one JSON object for scripts instead of tables.")
    var json = false

    func validate() throws {
        guard Self.exists(ledger) else { throw Self.missing(ledger) }
    }

    /// Opens the ledger read-only and brings its state up from the latest snapshot (only up to
    /// `through` when given: the intact prefix of a damaged log, with a warning on stderr).
    func openEngine(through: UInt64? = nil) throws -> Engine {
        do {
            let engine = try Engine.open(directory: ledger, through: through)
            if let bad = engine.log.firstBadSequence {
                FileHandle.standardError.write(
                    Data(
                        "warning: \(ledger) is damaged from sequence \(bad); analysing 1…\(through ?? 0) only\n"
                            .utf8))
            }
            return engine
        } catch {
            throw Failure(error)
        }
    }

    /// Prints `report` as JSON with `--json`, else the table.
    func emit(_ report: some Encodable, table: () -> Void) throws {
        if json { print(try ReportJSON.render(report)) } else { table() }
    }
}

/// `--through SEQ` of the analysis commands: the ledger as of that sequence, e.g. the intact prefix
/// of a damaged log (below the first bad sequence, which `verify` names).
struct IntactPrefix: ParsableArguments {
    @Option(
        help:
            "Analyse the ledger as of this sequence (a damaged log: below its first bad sequence).")
    var through: UInt64?

    func validate() throws {
        if through == 0 { throw ValidationError("--through must be ≥ 1") }
    }
}

/// The options of a command that creates a ledger; parsing refuses a path that already holds one.
struct NewLedgerOptions: ParsableArguments {
    @Option(help: "The ledger directory to create (the default is $SPOTTED_LEDGER when set).")
    var ledger = defaultLedger

    @Flag(help: "Print one JSON object for scripts instead of tables.")
    var json = false

    @Flag(help: "Replace an existing ledger (removed only once the new one is complete).")
    var force = false

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: ledger, isDirectory: &isDirectory) else {
            return
        }
        guard isDirectory.boolValue else {
            throw ValidationError("--ledger '\(ledger)' is a file, not a ledger directory")
        }
        if FileManager.default.fileExists(atPath: ledger + "/data.mdb") {
            guard force else {
                throw ValidationError(
                    "a ledger already exists at '\(ledger)'; choose another --ledger, or pass --force to replace it"
                )
            }
            return
        }
        guard (try? FileManager.default.contentsOfDirectory(atPath: ledger))?.isEmpty == true else {
            throw ValidationError(
                "--ledger '\(ledger)' is a directory that holds files but no ledger; choose another --ledger"
            )
        }
    }

    /// Prints `report` as JSON with `--json`, else the table.
    func emit(_ report: some Encodable, table: () -> Void) throws {
        if json { print(try ReportJSON.render(report)) } else { table() }
    }
}

/// The `--ledger` default: the `SPOTTED_LEDGER` environment variable, else `logs/default`.
let defaultLedger =
    ProcessInfo.processInfo.environment["SPOTTED_LEDGER"].flatMap { $0.isEmpty ? nil : $0 }
    ?? "logs/default"

/// Runs a library query, turning its failure into ``Failure``: exit 2 for a bad argument, else 1,
/// printed with the error report's code, field and sequence.
func query<T>(_ body: () throws(QueryError) -> T) throws -> T {
    do { return try body() } catch { throw Failure(error) }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

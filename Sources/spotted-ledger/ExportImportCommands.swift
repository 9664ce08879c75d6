import ArgumentParser
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol

/// Writes the log as JSON lines (docs/event-log-format.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON lines with an end line.",
        discussion: "Example: spotted-ledger export --ledger logs/demo --output demo.jsonl")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The file to write.") var output: String

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let log: EventLog
        do { log = try EventLog(directory: options.ledger) } catch { throw Failure("cannot open \(options.ledger): \(error)") }
        do { try log.exportFile(output, kindName: EventCodec.name(of:)) } catch { throw Failure("export failed: \(error)") }
        options.emit(.object([("output", .string(output)), ("entries", .int(log.head.sequence)), ("headHash", .string(log.head.hash.description))])) {
            print("exported \(log.head.sequence) events to \(output) (head \(log.head.hash))")
        }
    }
}

/// Rebuilds a ledger from an export, re-verifying every hash and then replaying every event.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Build a new ledger from an export, re-verifying every hash and replaying every event.",
        discussion: "A bad line stops the import with its number; nothing after it is appended.\nExample: spotted-ledger import --ledger logs/copy --input demo.jsonl")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The export file to read.") var input: String

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: input) else { throw ValidationError("--input '\(input)' is not a readable file") }
        guard !FileManager.default.fileExists(atPath: options.ledger + "/data.mdb") else {
            throw ValidationError("a ledger already exists at '\(options.ledger)'; import needs a new --ledger")
        }
    }

    func run() throws {
        let log: EventLog
        do { log = try EventLog(directory: options.ledger) } catch { throw Failure("cannot create \(options.ledger): \(error)") }
        let count: UInt64
        do { count = try log.importFile(input, kindCode: EventCodec.code(of:)) } catch { throw Failure("\(error); \(log.head.sequence) events before it were imported") }
        let root: String
        do { root = try Engine.replay(log).root.description } catch { throw Failure("imported \(count) events, but replay refused: \(error)") }
        options.emit(.object([("ledger", .string(options.ledger)), ("entries", .int(count)), ("headHash", .string(log.head.hash.description)), ("stateRoot", .string(root))])) {
            print("imported \(count) events into \(options.ledger); every hash re-verified, replay state root \(root)")
        }
    }
}

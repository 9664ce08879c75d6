import ArgumentParser
import Foundation
import SpottedLedger

/// Writes the log as JSON lines (docs/event-log-format.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON lines with an end line.",
        discussion: """
            --output - writes to standard output (the summary then goes to standard error, never into
            the data). An existing file is replaced only with --force; a file is written next to its
            place and renamed in when complete.
            Example: spotted-ledger export --ledger logs/demo --output demo.jsonl
            """)

    @OptionGroup var options: LedgerOptions
    @Option(help: "The file to write; - writes standard output.") var output: String
    @Flag(help: "Replace an existing output file.") var force = false
    @Flag(
        help:
            "Export a damaged log anyway: a last line {\"damagedFrom\": \"N\"} marks it (import refuses it)."
    )
    var allowDamaged = false

    /// Whether `output` is a stream (standard output, a terminal, a pipe) rather than a file.
    var isStream: Bool {
        var status = stat()
        return output == "-"
            || (stat(output, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
                && (status.st_mode & S_IFMT) != S_IFDIR)
    }

    func validate() throws {
        guard !isStream else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else {
            return
        }
        guard !isDirectory.boolValue else {
            throw ValidationError("--output '\(output)' is a directory")
        }
        guard force else {
            throw ValidationError("--output '\(output)' exists; pass --force to replace it")
        }
    }

    func run() throws {
        let progress = Progress(label: "export", total: 0)
        let report = try isStream ? exportToStream(progress) : exportToFile(progress)
        progress.finish()
        let summary =
            "exported \(report.events) events to \(output == "-" ? "standard output" : output) (head \(report.headHash))"
        guard isStream else { return try options.emit(report) { print(summary) } }
        let text = options.json ? try ReportJSON.render(report) : summary
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes to standard output (`-`) or the device or pipe `output` names.
    func exportToStream(_ progress: Progress) throws -> ExportReport {
        let descriptor = output == "-" ? 1 : open(output, O_WRONLY)
        guard descriptor >= 0 else {
            throw Failure("cannot open --output '\(output)': \(String(cString: strerror(errno)))")
        }
        defer { if descriptor != 1 { close(descriptor) } }
        return try query { () throws(QueryError) in
            try LedgerFiles.export(
                directory: options.ledger, descriptor: descriptor, output: output,
                allowDamaged: allowDamaged
            ) { progress.update($0) }
        }
    }

    /// Writes `<output>.partial-<pid>`, then moves it to `output` (refusing a file created
    /// meanwhile unless `--force`); a failure or Ctrl-C leaves no partial file.
    func exportToFile(_ progress: Progress) throws -> ExportReport {
        let temporary = output + ".partial-\(getpid())"
        let interruption = Interruption { unlink(temporary) }
        interruption.install()
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw Failure("cannot create '\(temporary)': \(String(cString: strerror(errno)))")
        }
        let report: ExportReport
        do {
            defer { close(descriptor) }
            report = try query { () throws(QueryError) in
                try LedgerFiles.export(
                    directory: options.ledger, descriptor: descriptor, output: output,
                    allowDamaged: allowDamaged
                ) { progress.update($0) }
            }
            guard fsync(descriptor) == 0 else {
                throw Failure("cannot write '\(temporary)': \(String(cString: strerror(errno)))")
            }
        } catch {
            interruption.fail()
            throw error
        }
        try interruption.finish {
            if force { return try LedgerCreation.rename(temporary, output) }
            guard link(temporary, output) == 0 else {
                throw Failure(
                    "cannot create --output '\(output)': \(String(cString: strerror(errno)))")
            }
            unlink(temporary)
        }
        return report
    }
}

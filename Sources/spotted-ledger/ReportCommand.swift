import ArgumentParser
import Foundation
import SpottedLedger
import SpottedReport

/// Writes the ledger's one-file HTML report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write a self-contained HTML report: timeline, weights, replica lag, slashes, rewards.",
        discussion: """
            The file has inline SVG charts and CSS only (no script, font or request from elsewhere), \
            each chart with its numbers in a table. More than \(LedgerReport.maxRows) epochs are \
            aggregated. The file is written beside --out and renamed into place.
            Example:
              spotted-ledger report --ledger logs/demo --out report.html
            """)

    @OptionGroup var options: LedgerOptions
    @Option(help: "The HTML file to write.") var out = "report.html"
    @Option(help: "The first epoch shown (default: 0).") var fromEpoch: UInt32?
    @Option(help: "The last epoch shown (default: the current one).") var toEpoch: UInt32?

    /// What `--json` prints.
    struct Written: Encodable {
        var path: String
        var bytes: Int
        var summary: ReportSummary
    }

    func validate() throws {
        if let fromEpoch, let toEpoch, fromEpoch > toEpoch {
            throw ValidationError("--from-epoch \(fromEpoch) is after --to-epoch \(toEpoch)")
        }
    }

    func run() throws {
        let engine = try options.openEngine()
        let rendered = try query { () throws(QueryError) in
            try LedgerReport.render(for: engine, fromEpoch: fromEpoch, toEpoch: toEpoch)
        }
        let bytes = Data(rendered.html.utf8)
        do {
            try bytes.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw Failure("cannot write --out '\(out)': \(error.localizedDescription)")
        }
        let s = rendered.summary
        try options.emit(Written(path: out, bytes: bytes.count, summary: s)) {
            print(
                "\(out): \(bytes.count) bytes, epochs \(s.fromEpoch)–\(s.toEpoch), \(s.events) events"
            )
        }
    }
}

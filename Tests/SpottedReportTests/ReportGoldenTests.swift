import Ethereum
import Foundation
import SpottedLedger
import Testing

@testable import SpottedReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The golden ledgers' reports: the HTML is well-formed (an XML parser reads it, and
/// tools/check_report.py finds every element closed in order), it points nowhere else, and every
/// number in the overview and the tables is the one the `--json` views print for the same query.
@Suite struct ReportGoldenTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The golden ledger `name`, imported into a temporary directory.
    static func golden(_ name: String) throws -> (engine: Engine, directory: String) {
        let dir = NSTemporaryDirectory() + "spotted-report-\(UUID().uuidString)"
        let path = repository.appendingPathComponent("logs/golden/\(name).jsonl").path
        _ = try LedgerFiles.importLedger(directory: dir + "/ledger", from: path)
        return (try Engine.open(directory: dir + "/ledger"), dir)
    }

    /// A query's report as its `--json` view prints it, parsed.
    static func json(_ report: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report).utf8))
    }

    @Test(
        "a golden ledger's report parses, is self-contained and shows the --json numbers",
        arguments: ["seed-11", "seed-12"])
    func golden(name: String) throws {
        let (engine, dir) = try Self.golden(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let html = try LedgerReport.html(for: engine)
        let (tables, headers) = try HTMLTables.parse(html)
        try Self.checkWithPython(html, dir: dir)
        for forbidden in ["http:", "https:", "//", "@import", "<script", "src="] {
            #expect(!html.contains(forbidden), "\(forbidden) in the report")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 5, "five charts")
        let timeline = try engine.epochTimeline(maxRows: LedgerReport.maxRows)
        let current = try engine.stats().currentEpoch
        let notOnTime = timeline.batches.filter { $0.status != "on-time" }.count
        let differing = try engine.diff().results.filter { !$0.equal && $0.epoch <= current }.count
        #expect(
            html.components(separatedBy: "<tr class=\"flagged\"").count - 1 == notOnTime
                + differing,
            "late, skipped and missing batches and differing registries are highlighted")
        try Self.checkOverview(tables, engine)
        try Self.checkTimeline(tables, headers, engine)
        try Self.checkWeights(tables, headers, engine)
        try Self.checkReplicas(tables, engine)
        try Self.checkSlashes(tables, engine)
        try Self.checkRewards(tables, headers, engine)
    }

    @Test("an epoch range limits every table to it")
    func range() throws {
        let (engine, dir) = try Self.golden("seed-12")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tables = try HTMLTables.parse(
            try LedgerReport.html(for: engine, fromEpoch: 1, toEpoch: 2)
        )
        .tables
        #expect(tables["timeline-table"]?.map { $0[0] } == ["1", "2"])
        #expect(tables["threshold-table"]?.map { $0[0] } == ["1", "2"])
        #expect(tables["diff-table"]?.allSatisfy { ["1", "2"].contains($0[1]) } == true)
        #expect(throws: QueryError.self) {
            try LedgerReport.html(for: engine, fromEpoch: 0, toEpoch: 99)
        }
    }

    @Test("aggregated rows sum their epochs and keep only the batches that were not on time")
    func aggregated() throws {
        let (engine, dir) = try Self.golden("seed-12")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let single = try engine.epochTimeline()
        let paired = try engine.epochTimeline(maxRows: 2)
        let k = Int(paired.epochsPerRow)
        #expect(
            single.rows.count == 5 && single.epochsPerRow == 1 && k == 3, "5 epochs in ≤ 2 rows")
        #expect(paired.rows.count == 2)
        for (i, row) in paired.rows.enumerated() {
            let parts = single.rows[(k * i)..<min(k * i + k, single.rows.count)]
            #expect(row.events == parts.reduce(0) { $0 + $1.events })
            #expect(row.firstSequence == parts.first?.firstSequence)
            #expect(row.lastSequence == parts.last?.lastSequence)
        }
        #expect(paired.events == single.events)
        #expect(paired.batches.allSatisfy { $0.status != "on-time" })
        #expect(
            paired.batches.count + paired.onTimeBatchesOmitted == single.batches.count,
            "every batch is listed or counted")
    }

    /// tools/check_report.py: strict nesting with Python's html.parser, no external reference.
    static func checkWithPython(_ html: String, dir: String) throws {
        let file = dir + "/report.html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", repository.appendingPathComponent("tools/check_report.py").path, file,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(out)")
    }

    static func checkOverview(_ tables: [String: [[String]]], _ engine: Engine) throws {
        let stats = try #require(try json(engine.stats()) as? [String: Any])
        let rows = try #require(tables["overview"])
        let value = Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        let byKind = try #require(stats["byKind"] as? [String: String])
        #expect(value["events"] == stats["events"] as? String)
        #expect(value["current epoch"] == "\(stats["currentEpoch"] as? Int ?? -1)")
        #expect(value["operators registered"] == "\(stats["operatorsRegistered"] as? Int ?? -1)")
        #expect(value["chains with a replica"] == "\(stats["replicas"] as? Int ?? -1)")
        #expect(value["challenges"] == "\(stats["challenges"] as? Int ?? -1)")
        #expect(value["snapshots"] == "\(stats["snapshots"] as? Int ?? -1)")
        #expect(value["tasks created"] == byKind["create-task"])
        #expect(value["task responses"] == byKind["respond-to-task"])
        #expect(value["treasury (wei)"] == stats["treasury"] as? String)
        #expect(value["head hash"] == stats["headHash"] as? String)
        #expect(value["state root"] == stats["stateRoot"] as? String)
        var slashes = 0
        for id in try engine.challengeIDs() {
            let audit = try #require(try json(engine.slashAudit(challenge: id)) as? [String: Any])
            slashes += (audit["slashes"] as? [Any])?.count ?? 0
        }
        #expect(value["slashes (in the trails shown)"] == "\(slashes)")
    }

    static func checkTimeline(
        _ tables: [String: [[String]]], _ headers: [String: [String]], _ engine: Engine
    ) throws {
        let timeline = try #require(
            try json(engine.epochTimeline(maxRows: LedgerReport.maxRows)) as? [String: Any])
        let rows = try #require(timeline["rows"] as? [[String: Any]])
        let table = try #require(tables["timeline-table"])
        try #require(table.count == rows.count)
        let headers = try #require(headers["timeline-table"])
        var events = 0
        for (cells, row) in zip(table, rows) {
            #expect(cells[0] == "\(row["fromEpoch"] as? Int ?? -1)")
            #expect(cells[1] == row["firstSequence"] as? String)
            #expect(cells[2] == row["lastSequence"] as? String)
            #expect(cells[3] == row["startBlock"] as? String)
            #expect(cells[4] == row["graceStartBlock"] as? String)
            #expect(cells[5] == (row["graceFirstSequence"] as? String ?? "none"))
            #expect(cells[6] == row["events"] as? String)
            let byKind = try #require(row["byKind"] as? [String: String])
            for (i, kind) in headers.enumerated().dropFirst(7).dropLast() {
                #expect(cells[i] == (byKind[kind] ?? "0"), "\(kind) in epoch \(cells[0])")
            }
            events += Int(cells[6]) ?? 0
        }
        #expect("\(events)" == timeline["events"] as? String)
    }

    static func checkWeights(
        _ tables: [String: [[String]]], _ headers: [String: [String]], _ engine: Engine
    ) throws {
        let totals = try #require(tables["threshold-table"])
        let weights = try #require(tables["weights-table"])
        let operators = try #require(headers["weights-table"]).dropFirst().dropLast()
        #expect(!operators.isEmpty)
        for (cells, weightCells) in zip(totals, weights) {
            let epoch = try #require(UInt32(cells[0]))
            let state = try #require(try json(engine.registrySummary(at: epoch)) as? [String: Any])
            #expect(cells[1] == state["totalWeight"] as? String)
            #expect(cells[2] == state["threshold"] as? String)
            #expect(cells[3] == state["minimumWeight"] as? String)
            #expect(cells[4] == state["registryRoot"] as? String)
            let ops = try #require(state["operators"] as? [[String: Any]])
            let weightOf = Dictionary(
                ops.map { ($0["operator"] as? String ?? "", $0["weight"] as? String ?? "") },
                uniquingKeysWith: { a, _ in a })
            for (i, op) in operators.enumerated() {
                #expect(weightCells[i + 1] == (weightOf[op] ?? "0"), "\(op) at epoch \(epoch)")
            }
        }
    }

    static func checkReplicas(_ tables: [String: [[String]]], _ engine: Engine) throws {
        let timeline = try #require(
            try json(engine.epochTimeline(maxRows: LedgerReport.maxRows)) as? [String: Any])
        let batches = try #require(timeline["batches"] as? [[String: Any]])
        let table = try #require(tables["batches-table"])
        try #require(table.count == batches.count)
        let keys = ["sentSequence", "sentBlock", "appliedSequence", "appliedBlock", "lagEvents"]
        for (cells, b) in zip(table, batches) {
            #expect(
                cells[0] == "\(b["epoch"] as? Int ?? -1)" && cells[1] == b["chainId"] as? String)
            for (i, key) in keys.enumerated() {
                let expected = b[key] as? String
                #expect(
                    expected == nil
                        ? !cells[i + 2].allSatisfy(\.isNumber) : cells[i + 2] == expected)
            }
            #expect(cells[7] == b["status"] as? String)
        }
        let diff = try #require(try json(engine.diff()) as? [String: Any])
        let current = try engine.stats().currentEpoch
        let results = try #require(diff["results"] as? [[String: Any]]).filter {
            ($0["epoch"] as? Int ?? -1) <= Int(current)
        }
        let diffTable = try #require(tables["diff-table"])
        try #require(diffTable.count == results.count)
        for (cells, r) in zip(diffTable, results) {
            #expect(
                cells[0] == r["chainId"] as? String && cells[1] == "\(r["epoch"] as? Int ?? -1)")
            #expect(cells[2] == ((r["equal"] as? Bool) == true ? "equal" : "DIFFERS"))
            #expect(cells[4] == "\((r["differences"] as? [Any])?.count ?? -1)")
            #expect(cells[5] == r["replicaRoot"] as? String)
        }
    }

    static func checkSlashes(_ tables: [String: [[String]]], _ engine: Engine) throws {
        for (index, id) in try engine.challengeIDs().prefix(LedgerReport.maxTrails).enumerated() {
            let audit = try #require(try json(engine.slashAudit(challenge: id)) as? [String: Any])
            let slashes = try #require(audit["slashes"] as? [[String: Any]])
            let expected = slashes.flatMap { s in
                ((s["strategies"] as? [[String: Any]]) ?? []).map { st in
                    [
                        s["operator"], st["strategy"], st["wadSlashed"], st["magnitudeBefore"],
                        st["magnitudeAfter"], s["weightBefore"], s["weightAfter"],
                    ].map { $0 as? String ?? "?" } + ["\(s["effectiveEpoch"] as? Int ?? -1)"]
                }
            }
            let table = tables["slash-\(index)"] ?? []
            #expect(table.map { Array($0.prefix(8)) } == expected, "challenge \(index + 1)")
        }
    }

    static func checkRewards(
        _ tables: [String: [[String]]], _ headers: [String: [String]], _ engine: Engine
    ) throws {
        let table = try #require(tables["rewards-table"])
        let epochs = engine.rewardedEpochs()
        try #require(table.count == epochs.count)
        let operators = try #require(headers["rewards-table"]).dropFirst(5).dropLast()
        for (cells, epoch) in zip(table, epochs) {
            let r = try #require(try json(engine.rewards(epoch: epoch)) as? [String: Any])
            let paid = try #require(r["operators"] as? [[String: Any]])
            #expect(cells[0] == "\(epoch)" && cells[1] == r["amount"] as? String)
            #expect(cells[2] == "\(paid.count)" && cells[3] == r["totalScore"] as? String)
            #expect(cells[4] == r["sequence"] as? String)
            let amountOf = Dictionary(
                paid.map { ($0["operator"] as? String ?? "", $0["amount"] as? String ?? "") },
                uniquingKeysWith: { a, _ in a })
            for (i, op) in operators.enumerated() {
                #expect(cells[i + 5] == (amountOf[op] ?? "0"), "\(op) in epoch \(epoch)")
            }
        }
    }
}

/// The tables of a report, read with an XML parser (so the page must be well-formed XHTML-style
/// markup): cell texts by table id, and each table's header row.
final class HTMLTables: NSObject, XMLParserDelegate {
    var tables: [String: [[String]]] = [:]
    var headerRows: [String: [String]] = [:]
    var current: String?
    var row: [String]?
    var header: [String] = []
    var cell: String?

    /// Parses `html` into cell texts and header rows by table id; throws when the XML parser
    /// refuses it.
    static func parse(_ html: String) throws -> (
        tables: [String: [[String]]], headers: [String: [String]]
    ) {
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let delegate = HTMLTables()
        parser.delegate = delegate
        guard parser.parse() else {
            throw ParseFailure(
                description:
                    "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        return (delegate.tables, delegate.headerRows)
    }

    struct ParseFailure: Error, CustomStringConvertible { let description: String }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        switch name {
        case "table":
            current = attributes["id"]
            header = []
        case "tr": row = []
        case "td", "th": cell = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { cell? += string }

    func parser(
        _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard let id = current else { return }
        switch name {
        case "th":
            header.append(cell ?? "")
            cell = nil
        case "td":
            row?.append(cell ?? "")
            cell = nil
        case "tr":
            if let r = row, !r.isEmpty { tables[id, default: []].append(r) }
            row = nil
        case "table":
            headerRows[id] = header
            if tables[id] == nil { tables[id] = [] }
            current = nil
        default: break
        }
    }
}

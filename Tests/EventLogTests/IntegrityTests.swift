import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

@Suite struct IntegrityTests {
    /// Writes 20 entries, the 7th with a unique marker payload, and returns them.
    func populate(_ dir: TemporaryDirectory) throws -> [Envelope] {
        let log = try EventLog(directory: dir.path)
        var records = (0..<20).map { record($0) }
        records[6].payload = Array("SPOTTED-MARKER-SEQUENCE-SEVEN-0123456789".utf8)
        return try log.append(records)
    }

    @Test(
        "a byte flipped inside a stored entry (through LMDB, outside the API) is named by sequence")
    func flippedThroughLMDB() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try populate(dir)
        do {  // the log is closed; edit entry 5 with the raw LMDB wrapper
            let env = try LMDBEnvironment(
                path: dir.path, mapSizeBytes: 64 << 20, maxDatabases: 4, flags: [])
            let dbi = try #require(try env.openDatabase("log", create: false))
            try env.write { (txn) throws(EventLogError) in
                try withKey(5) { (k) throws(EventLogError) in
                    guard let raw = try txn.get(dbi, key: k) else { return }
                    var bytes = Array(raw)
                    bytes[70] ^= 0x01  // inside the payload
                    try withBytes(bytes) { (v) throws(EventLogError) in
                        try txn.put(dbi, key: k, value: v)
                    }
                }
            }
        }
        let log = try EventLog(directory: dir.path)
        #expect(log.firstBadSequence == 5)  // caught by the tail check on open
        let report = try log.verify()
        #expect(report.problem == .hashMismatch(sequence: 5))
        #expect(throws: EventLogError.refusedUnverified(firstBadSequence: 5)) {
            try log.append([record(99)])
        }
        #expect(log.head.sequence == 20)
    }

    @Test("a byte flipped in the data file is named by sequence")
    func flippedInDataFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try populate(dir)
        let file = dir.path + "/data.mdb"
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        let marker = Data("SPOTTED-MARKER-SEQUENCE-SEVEN".utf8)
        let range = try #require(data.range(of: marker))
        data[range.lowerBound + 3] ^= 0x20
        try data.write(to: URL(fileURLWithPath: file))
        let log = try EventLog(directory: dir.path)
        let report = try log.verify()
        #expect(report.problem == .hashMismatch(sequence: 7))
        #expect(report.problem?.sequence == 7)
        #expect(throws: EventLogError.refusedUnverified(firstBadSequence: 7)) {
            try log.append([record(99)])
        }
    }

    @Test("a metadata head that disagrees with the last entry is refused on open")
    func headMismatch() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try populate(dir)
        do {
            let env = try LMDBEnvironment(
                path: dir.path, mapSizeBytes: 64 << 20, maxDatabases: 4, flags: [])
            let dbi = try #require(try env.openDatabase("log", create: false))
            try env.write { (txn) throws(EventLogError) in
                try withKey(20) { (k) throws(EventLogError) in try txn.delete(dbi, key: k) }
            }
        }
        let log = try EventLog(directory: dir.path)
        #expect(log.firstBadSequence == 20)
        #expect(try log.verify().problem == .headMismatch(metadata: 20, lastEntry: 19))
        #expect(throws: EventLogError.self) { try log.append([record(1)]) }
    }

    @Test(
        "export/import round-trips; tampered, truncated and cut lines stop with their line number")
    func exportImport() throws {
        let source = TemporaryDirectory()
        let good = TemporaryDirectory()
        let bad = TemporaryDirectory()
        defer {
            source.cleanup()
            good.cleanup()
            bad.cleanup()
        }
        let written = try populate(source)
        var lines = [String]()
        try EventLog(directory: source.path).export(kindName: { $0 == 1 ? "test-kind" : nil }) {
            (line) throws(EventLogError) in lines.append(line)
        }
        #expect(lines.count == 21)
        #expect(lines[0].hasPrefix("{\"sequence\":1,\"chainId\":"))
        #expect(lines[20] == ExportFormat.endLine(entries: 20, headHash: written[19].hash))
        // Round trip.
        let imported = try EventLog(directory: good.path)
        #expect(
            try imported.importLines(
                lines.map { $0[...] }, kindCode: { $0 == "test-kind" ? 1 : nil }) == 20)
        #expect(try imported.entries(from: 1) == written)
        // Tampered payload in line 8: stops there, keeps 1…7, appends nothing after.
        var tampered = lines
        tampered[7] = tampered[7].replacingOccurrences(
            of: "\"payload\":\"0x", with: "\"payload\":\"0x00")
        let log = try EventLog(directory: bad.path)
        #expect(throws: EventLogError.self) { try log.importLines(tampered.map { $0[...] }) }
        do {
            try log.importLines(tampered.map { $0[...] })
        } catch {
            #expect(
                error
                    == .importFailed(
                        line: 0, reason: "import needs an empty log; this one has 7 entries"))
        }
        #expect(log.head.sequence == 7)
        #expect(try log.verify().isValid)
        // Truncated: the end line is missing.
        let other = TemporaryDirectory()
        defer { other.cleanup() }
        let truncatedLog = try EventLog(directory: other.path)
        #expect(
            throws: EventLogError.importFailed(
                line: 21, reason: "no end line: the export is truncated")
        ) {
            try truncatedLog.importLines(lines.dropLast().map { $0[...] })
        }
        // Cut in the middle of a line.
        let cut = TemporaryDirectory()
        defer { cut.cleanup() }
        var cutLines = Array(lines.prefix(12))
        cutLines[11] = String(cutLines[11].prefix(90))
        #expect(throws: EventLogError.self) {
            try EventLog(directory: cut.path).importLines(cutLines.map { $0[...] })
        }
        // A wrong kind name for its code.
        let renamed = TemporaryDirectory()
        defer { renamed.cleanup() }
        #expect(throws: EventLogError.self) {
            try EventLog(directory: renamed.path).importLines(
                lines.map { $0[...] }, kindCode: { _ in 9 })
        }
    }

    @Test("export lines parse strictly; malformed lines are typed errors, never traps")
    func parser() throws {
        let e = Envelope(sequence: 1, record: record(1), previousHash: .zero)
        let line = ExportFormat.line(e, kindName: "k")
        #expect(try ExportFormat.parse(line[...]) == .entry(e, kindName: "k"))
        for bad in [
            "", "{", "{}", "[1]", String(line.dropLast()), line + " ",
            line.replacingOccurrences(of: "\"sequence\":1", with: "\"sequence\":01"),
            line.replacingOccurrences(
                of: "\"sequence\":1", with: "\"sequence\":99999999999999999999"),
            line.replacingOccurrences(of: "\"chainId\"", with: "\"chain\""),
            "{\"end\":false,\"entries\":1,\"headHash\":\"0x00\"}",
        ] {
            #expect(throws: ExportFormat.ParseError.self, "\(bad.prefix(60))") {
                try ExportFormat.parse(bad[...])
            }
        }
    }
}

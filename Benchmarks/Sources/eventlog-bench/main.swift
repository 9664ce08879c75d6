// eventlog-bench <batch> <events>: the Swift side of tools/bench-eventlog.
// Durable appends of 256-byte events in batches of <batch> to a fresh EventLog and to SQLite
// through GRDB (WAL, one table, one transaction per batch, synchronous=FULL), then a full scan of
// each. Prints "log-append", "log-scan" (raw entries), "log-scan-decoded", "sqlite-append" and
// "sqlite-scan" in events/s.
import EventLog
import Ethereum
import Foundation
import GRDB

let arguments = CommandLine.arguments

// eventlog-bench --large <events> <directory>: writes <events> in durable batches of 10 000, then
// verifies and scans the whole log, printing the time of each phase (run under /usr/bin/time -v
// to see that peak memory does not grow with the log).
func residentMB() -> String {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    return status.split(separator: "\n").filter { $0.hasPrefix("VmRSS") || $0.hasPrefix("VmHWM") }
        .map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map { "\(Int($0)! / 1024) MB" } ?? "?" }
        .joined(separator: " peak, now ")
}

if arguments.count == 4, arguments[1] == "--large", let total = Int(arguments[2]) {
    let log = try EventLog(directory: arguments[3])
    let record = EventRecord(chainId: 1, blockNumber: 1, timestamp: 1, sender: .zero, kind: 1, schemaVersion: 1,
                             payload: [UInt8](repeating: 0x5a, count: 256))
    let batch = [EventRecord](repeating: record, count: 10_000)
    var start = Date()
    while Int(log.head.sequence) < total { try log.append(Array(batch.prefix(min(10_000, total - Int(log.head.sequence))))) }
    print("wrote \(log.head.sequence) events in \(Int(-start.timeIntervalSinceNow)) s (resident \(residentMB()))")
    start = Date()
    let report = try log.verify()
    print("verified \(report.entries) entries (valid: \(report.isValid)) in \(Int(-start.timeIntervalSinceNow)) s (resident \(residentMB()))")
    start = Date()
    var count: UInt64 = 0
    try log.scanRaw { (_, raw) throws(EventLogError) in
        count &+= UInt64(raw.count > 0 ? 1 : 0)
        return true
    }
    print("scanned \(count) entries in \(Int(-start.timeIntervalSinceNow)) s (resident \(residentMB()))")
    exit(report.isValid && count == UInt64(total) ? 0 : 1)
}

guard arguments.count == 3, let batch = Int(arguments[1]), let events = Int(arguments[2]), batch > 0 else {
    print("usage: eventlog-bench <batch> <events>")
    exit(2)
}

func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let root = NSTemporaryDirectory() + "spotted-eventlog-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: root) }
let payload = [UInt8](repeating: 0x5a, count: 256)
let records = (0..<batch).map { i in
    EventRecord(chainId: 1, blockNumber: UInt64(i), timestamp: UInt64(i), sender: .zero, kind: 1, schemaVersion: 1, payload: payload)
}

do {
    // EventLog: durable appends, then a raw scan and a decoding scan.
    let log = try EventLog(directory: root + "/log")
    var t0 = seconds()
    var written = 0
    while written < events {
        try log.append(records)
        written += batch
    }
    let logAppend = Double(written) / (seconds() - t0)
    var touched: UInt64 = 0
    t0 = seconds()
    try log.scanRaw { (_, raw) throws(EventLogError) in
        touched &+= UInt64(raw[0]) &+ UInt64(raw[raw.count - 1])
        return true
    }
    let logScan = Double(written) / (seconds() - t0)
    t0 = seconds()
    try log.scan { (e) throws(EventLogError) in
        touched &+= UInt64(e.record.payload.count)
        return true
    }
    let logScanDecoded = Double(written) / (seconds() - t0)

    // SQLite through GRDB.
    var configuration = Configuration()
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous=FULL") }
    let pool = try DatabasePool(path: root + "/sqlite.db", configuration: configuration)
    try pool.write { db in try db.execute(sql: "CREATE TABLE log (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
    let body = Data(repeating: 0x5a, count: 125 + 256)
    var sequence: Int64 = 0
    t0 = seconds()
    while sequence < Int64(written) {
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO log (seq, body) VALUES (?, ?)")
            for _ in 0..<batch {
                sequence += 1
                try statement.execute(arguments: [sequence, body])
            }
        }
    }
    let sqliteAppend = Double(sequence) / (seconds() - t0)
    t0 = seconds()
    try pool.read { db in
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, body FROM log ORDER BY seq")
        while let row = try rows.next() {
            touched &+= try row.withUnsafeData(atIndex: 1) { data in UInt64(data?.count ?? 0) }
        }
    }
    let sqliteScan = Double(sequence) / (seconds() - t0)
    print("log-append \(Int(logAppend))\nlog-scan \(Int(logScan))\nlog-scan-decoded \(Int(logScanDecoded))")
    print("sqlite-append \(Int(sqliteAppend))\nsqlite-scan \(Int(sqliteScan))\nchecksum \(touched)")
} catch {
    print("error \(error)")
    exit(1)
}

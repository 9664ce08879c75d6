import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

/// Injected storage faults, through the real LMDB write path: what a fault leaves behind is exactly
/// what LMDB keeps.
@Suite struct StorageFaultTests {
    func open(_ dir: TemporaryDirectory, _ plan: [Int: StorageFaults.Fault]) throws -> EventLog {
        var options = EventLog.Options()
        options.faults = StorageFaults(plan)
        return try EventLog(directory: dir.path, options: options)
    }

    @Test("a failed write appends nothing; the next append goes on from the same head")
    func failedWrite() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try open(dir, [2: .failedWrite])
        try log.append([record(0)])
        let head = log.head
        #expect(throws: EventLogError.self) { try log.append([record(1), record(2)]) }
        #expect(log.head == head && log.appendsAttempted == 2)
        try log.append([record(1)])
        #expect(log.head.sequence == 2)
        #expect(try log.verify().isValid)
    }

    @Test("a torn batch is aborted whole: none of its entries is visible, now or after reopening")
    func tornBatch() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        do {
            let log = try open(dir, [2: .tornBatch(afterEntries: 2)])
            try log.append([record(0)])
            #expect(throws: EventLogError.self) { try log.append((1...4).map { record($0) }) }
            #expect(log.head.sequence == 1)
            #expect(throws: EventLogError.notFound(sequence: 2)) { try log.entry(2) }
        }
        let reopened = try EventLog(directory: dir.path)
        #expect(reopened.head.sequence == 1)
        #expect(try reopened.verify().isValid)
    }

    @Test("map full: the log grows the map and retries the whole batch, which lands once")
    func mapFull() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try open(dir, [1: .mapFull])
        let before = log.environment.mapUsage.sizeBytes
        let stored = try log.append((0..<5).map { record($0) })
        #expect(stored.map(\.sequence) == Array(1...5))
        #expect(log.environment.mapUsage.sizeBytes > before)
        #expect(try log.entries(from: 1).count == 5)
        #expect(try log.verify().isValid)
    }

    @Test("a lost acknowledgement: the caller gets an error, yet the batch is durable and chained")
    func lostAcknowledgement() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        do {
            let log = try open(dir, [1: .lostAcknowledgement])
            #expect(throws: EventLogError.self) { try log.append([record(0), record(1)]) }
            #expect(log.head.sequence == 2)
        }
        let reopened = try EventLog(directory: dir.path)
        #expect(reopened.head.sequence == 2)
        #expect(try reopened.verify().isValid)
    }
}

import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

@Suite struct EventLogTests {
    @Test("appends are gap-free from 1, hash-chained, and read back byte for byte after reopening")
    func appendAndReopen() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var written = [Envelope]()
        do {
            let log = try EventLog(directory: dir.path)
            written += try log.append((0..<10).map { record($0) })
            written += try log.append([record(10)])
            #expect(written.map(\.sequence) == Array(1...11))
            #expect(written[0].previousHash == .zero)
            for i in 1..<written.count { #expect(written[i].previousHash == written[i - 1].hash) }
            #expect(log.head.sequence == 11 && log.head.hash == written[10].hash)
        }
        let reopened = try EventLog(directory: dir.path)
        #expect(reopened.firstBadSequence == nil)
        #expect(reopened.head.sequence == 11)
        #expect(try reopened.entries(from: 1) == written)
        #expect(try reopened.entry(5) == written[4])
        #expect(try reopened.entries(from: 3, through: 4).map(\.sequence) == [3, 4])
        #expect(throws: EventLogError.notFound(sequence: 12)) { try reopened.entry(12) }
        let report = try reopened.verify()
        #expect(report.isValid && report.entries == 11 && report.headHash == written[10].hash)
    }

    @Test("hash = keccak256(previousHash ‖ every field before it), in the documented layout")
    func envelopeLayout() throws {
        let r = EventRecord(
            chainId: 0x0102, blockNumber: 3, timestamp: 4,
            sender: try Address("0x00000000000000000000000000000000000000aa"),
            kind: 7, schemaVersion: 2, payload: [0xde, 0xad])
        let e = Envelope(sequence: 1, record: r, previousHash: .zero)
        let bytes = e.encoded
        #expect(bytes.count == 61 + 2 + 64)
        #expect(Array(bytes[0..<17]) == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(Array(bytes[53..<65]) == [0, 7, 0, 2, 0, 0, 0, 2, 0xde, 0xad, 0, 0])
        #expect(e.hash == Keccak256.hash(Word.zero.bytes + Array(bytes[0..<63])))
        #expect(try bytes.withUnsafeBytes { try Envelope(decoding: $0, expectedSequence: 1) } == e)
        #expect(throws: EventLogError.self) {
            try bytes.dropLast().withUnsafeBytes { try Envelope(decoding: $0, expectedSequence: 1) }
        }
        #expect(throws: EventLogError.self) {
            try bytes.withUnsafeBytes { try Envelope(decoding: $0, expectedSequence: 2) }
        }
    }

    @Test("a batch is all or nothing; limits are checked before anything is written")
    func batchAtomicity() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append([record(0)])
        var oversized = record(1)
        oversized.payload = [UInt8](repeating: 1, count: Envelope.maxPayloadBytes + 1)
        #expect(throws: EventLogError.payloadTooLarge(bytes: Envelope.maxPayloadBytes + 1)) {
            try log.append([record(2), oversized])
        }
        #expect(throws: EventLogError.emptyBatch) { try log.append([]) }
        #expect(throws: EventLogError.self) {
            try log.append(
                Array(repeating: record(3, payloadBytes: 0), count: EventLog.maxBatchEvents + 1))
        }
        #expect(log.head.sequence == 1)
        #expect(try log.verify().isValid)
    }

    @Test("the map grows by itself far beyond its initial size")
    func mapGrowth() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var options = EventLog.Options()
        options.initialMapSizeBytes = 1 << 20
        let log = try EventLog(directory: dir.path, options: options)
        for b in 0..<40 {
            try log.append((0..<50).map { record(b * 50 + $0, payloadBytes: 10_000) })
        }  // ~20 MB
        #expect(log.head.sequence == 2_000)
        #expect(log.environment.mapUsage.sizeBytes > 20 << 20)
        #expect(try log.verify().isValid)
    }

    @Test(
        "snapshots: latest at or below a sequence, roots in a range, newest root, filtered by reducer version"
    )
    func snapshots() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append((0..<30).map { record($0) })
        for (seq, version) in [(10, 1), (20, 2), (25, 1)] as [(UInt64, UInt32)] {
            try log.storeSnapshot(
                Snapshot(
                    sequence: seq, root: Keccak256.hash("root \(seq)"), reducerVersion: version,
                    data: [UInt8(seq)]))
        }
        #expect(try log.latestSnapshot(atOrBelow: 9) == nil)
        #expect(try log.latestSnapshot(atOrBelow: 10)?.sequence == 10)
        #expect(try log.latestSnapshot(atOrBelow: 24)?.sequence == 20)
        #expect(try log.latestSnapshot(atOrBelow: 24, reducerVersion: 1)?.sequence == 10)
        #expect(try log.latestSnapshot(atOrBelow: 1_000)?.data == [25])
        #expect(try log.latestSnapshot(atOrBelow: 1_000)?.root == Keccak256.hash("root 25"))
        #expect(try log.snapshotSequences() == [10, 20, 25])
        #expect(try log.snapshotRoots().map(\.sequence) == [10, 20, 25])
        #expect(
            try log.snapshotRoots(reducerVersion: 1).map(\.root) == [
                Keccak256.hash("root 10"), Keccak256.hash("root 25"),
            ])
        #expect(try log.snapshotRoots(in: 11...25).map(\.sequence) == [20, 25])
        #expect(try log.snapshotRoots(in: 11...24).map(\.sequence) == [20])
        #expect(try log.snapshotRoots(reducerVersion: 1, in: 11...24).isEmpty)
        #expect(try log.newestSnapshotRoot()?.sequence == 25)
        #expect(try log.newestSnapshotRoot(reducerVersion: 2)?.sequence == 20)
        #expect(try log.newestSnapshotRoot(reducerVersion: 3) == nil)
        #expect(try log.verify().snapshots == 3)
    }

    @Test("tail delivers the backlog, then live appends, to a concurrent reader")
    func tail() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append((0..<5).map { record($0) })
        let reader = Task {
            var seen = [UInt64]()
            for try await envelope in log.tail(from: 3) {
                seen.append(envelope.sequence)
                if envelope.sequence == 25 { break }
            }
            return seen
        }
        for b in 0..<4 {
            try await Task.sleep(for: .milliseconds(5))
            try log.append((0..<5).map { record(5 + b * 5 + $0) })
        }
        #expect(try await reader.value == Array(3...25))
    }

    @Test(
        "many readers scan while one writer appends; nobody sees a partial batch or a broken chain")
    func concurrentReaders() async throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        let batch = 20
        let writer = Task {
            for b in 0..<100 {
                try log.append((0..<batch).map { record(b * batch + $0, payloadBytes: 64) })
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<20 {
                        var count: UInt64 = 0
                        var previous = Word.zero
                        try log.scan { (e) throws(EventLogError) in
                            #expect(e.previousHash == previous)
                            previous = e.hash
                            count = e.sequence
                            return true
                        }
                        #expect(count % UInt64(batch) == 0, "saw \(count) entries: a partial batch")
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        try await writer.value
        #expect(try log.verify().entries == 2_000)
    }
}

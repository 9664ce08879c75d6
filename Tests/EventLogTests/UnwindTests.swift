import Ethereum
import SpottedTestSupport
import Testing

@testable import EventLog

@Suite("Unwind")
struct UnwindTests {
    @Test("unwind removes the entries and snapshots after a sequence; appends go on from there")
    func unwindKeepsThePrefix() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append((0..<30).map { record($0) })
        for seq: UInt64 in [10, 20, 25] {
            try log.storeSnapshot(
                Snapshot(
                    sequence: seq, root: Keccak256.hash("root \(seq)"), reducerVersion: 1, data: [1]
                ))
        }
        let kept = try log.entry(20)
        let report = try log.unwind(to: 20)
        #expect(
            report
                == .init(
                    headSequence: 20, headHash: kept.hash, removedEvents: 10, removedSnapshots: 1))
        #expect(log.head.sequence == 20 && log.head.hash == kept.hash)
        #expect(try log.snapshotSequences() == [10, 20])
        #expect(throws: EventLogError.self) { try log.entry(21) }
        let next = try log.append([record(99)])
        #expect(next.first?.sequence == 21 && next.first?.previousHash == kept.hash)
        #expect(try log.verify().problem == nil)
        // Reopened: the stored head is the new one.
        let reopened = try EventLog(directory: dir.path, options: EventLog.Options(mode: .readOnly))
        #expect(reopened.head.sequence == 21 && reopened.firstBadSequence == nil)
    }

    @Test("unwind is refused read-only, and a sequence at or past the head changes nothing")
    func unwindRefusals() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append((0..<5).map { record($0) })
        let head = log.head
        #expect(try log.unwind(to: 9).removedEvents == 0)
        #expect(log.head.sequence == head.sequence && log.head.hash == head.hash)
        let readOnly = try EventLog(directory: dir.path, options: EventLog.Options(mode: .readOnly))
        #expect(throws: EventLogError.readOnly(operation: "unwind")) { try readOnly.unwind(to: 2) }
        #expect(readOnly.head.sequence == head.sequence && readOnly.head.hash == head.hash)
    }
}

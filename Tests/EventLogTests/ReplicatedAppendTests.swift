import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

/// Appends of envelopes built before the write (the replicated commit path).
@Suite struct ReplicatedAppendTests {
    @Test("envelopes(for:after:) are the envelopes append writes: same sequences, chain and bytes")
    func preparedEqualsAppended() throws {
        let (a, b) = (TemporaryDirectory(), TemporaryDirectory())
        defer { (a.cleanup(), b.cleanup()) }
        let plain = try EventLog(directory: a.path)
        let replicated = try EventLog(directory: b.path)
        for batch in 0..<4 {
            let records = (0..<(1 + batch * 70)).map { record(batch * 1_000 + $0) }
            let prepared = EventLog.envelopes(for: records, after: replicated.head)
            let appended = try plain.append(records)
            #expect(prepared == appended)
            #expect(prepared.map(\.encoded) == appended.map(\.encoded))
            try replicated.append(
                envelopes: prepared, archive: [], acknowledgedSequence: prepared.last!.sequence)
        }
        #expect(replicated.head == plain.head)
        #expect(try replicated.acknowledgedSequence() == replicated.head.sequence)
        #expect(try plain.acknowledgedSequence() == 0)
        let reopened = try EventLog(directory: b.path)
        #expect(reopened.firstBadSequence == nil)
        #expect(try reopened.verify().isValid)
    }

    @Test(
        "envelopes that do not continue the head, or whose hash is not their content's, are refused"
    )
    func badEnvelopesRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append((0..<3).map { record($0) })
        let head = log.head
        let good = EventLog.envelopes(for: (3..<6).map { record($0) }, after: head)
        #expect(throws: EventLogError.gap(expected: 4, found: 5)) {
            try log.append(envelopes: Array(good.dropFirst()), archive: [], acknowledgedSequence: 6)
        }
        // Hashed correctly, but chained to another history.
        let unlinked = EventLog.envelopes(
            for: (3..<6).map { record($0) }, after: (head.sequence, Word.zero))
        #expect(throws: EventLogError.previousHashMismatch(sequence: 4)) {
            try log.append(envelopes: unlinked, archive: [], acknowledgedSequence: 6)
        }
        var tampered = good
        tampered[1].record.timestamp += 1
        #expect(throws: EventLogError.hashMismatch(sequence: 5)) {
            try log.append(envelopes: tampered, archive: [], acknowledgedSequence: 6)
        }
        #expect(log.head == head)
        #expect(try log.acknowledgedSequence() == 0)
        try log.append(envelopes: good, archive: [], acknowledgedSequence: 6)
        #expect(log.head.hash == good[2].hash)
    }
}

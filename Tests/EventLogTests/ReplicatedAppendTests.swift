import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

/// Appends of envelopes built before the write (the replicated commit path).
@Suite struct ReplicatedAppendTests {
    @Test("prepare(_:after:) gives the envelopes and bytes append writes; both appends store them")
    func preparedEqualsAppended() throws {
        let (a, b) = (TemporaryDirectory(), TemporaryDirectory())
        defer { (a.cleanup(), b.cleanup()) }
        let plain = try EventLog(directory: a.path)
        let replicated = try EventLog(directory: b.path)
        for batch in 0..<4 {
            let records = (0..<(1 + batch * 70)).map { record(batch * 1_000 + $0) }
            let prepared = EventLog.prepare(records, after: replicated.head)
            let appended = try plain.append(records)
            #expect(prepared.envelopes == appended)
            #expect(prepared.encoded == appended.map(\.encoded))
            let last = try #require(prepared.lastSequence)
            if batch.isMultiple(of: 2) {
                try replicated.append(prepared: prepared, archive: [], acknowledgedSequence: last)
            } else {
                try replicated.append(
                    envelopes: prepared.envelopes, archive: [], acknowledgedSequence: last)
            }
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
        let good = EventLog.prepare((3..<6).map { record($0) }, after: head).envelopes
        #expect(throws: EventLogError.gap(expected: 4, found: 5)) {
            try log.append(envelopes: Array(good.dropFirst()), archive: [], acknowledgedSequence: 6)
        }
        // Hashed correctly, but chained to another history.
        let unlinked = EventLog.prepare(
            (3..<6).map { record($0) }, after: (head.sequence, Word.zero)
        ).envelopes
        #expect(throws: EventLogError.previousHashMismatch(sequence: 4)) {
            try log.append(envelopes: unlinked, archive: [], acknowledgedSequence: 6)
        }
        var tampered = good
        tampered[1].record.timestamp += 1
        #expect(throws: EventLogError.hashMismatch(sequence: 5)) {
            try log.append(envelopes: tampered, archive: [], acknowledgedSequence: 6)
        }
        // Prepared entries skip the hash check but not the link to the head.
        let stale = EventLog.prepare([record(9)], after: (head.sequence - 1, head.hash))
        #expect(throws: EventLogError.gap(expected: 4, found: 3)) {
            try log.append(prepared: stale, archive: [], acknowledgedSequence: 3)
        }
        let forked = EventLog.prepare([record(9)], after: (head.sequence, Word.zero))
        #expect(throws: EventLogError.previousHashMismatch(sequence: 4)) {
            try log.append(prepared: forked, archive: [], acknowledgedSequence: 4)
        }
        #expect(log.head == head)
        #expect(try log.acknowledgedSequence() == 0)
        try log.append(envelopes: good, archive: [], acknowledgedSequence: 6)
        #expect(log.head.hash == good[2].hash)
    }
}

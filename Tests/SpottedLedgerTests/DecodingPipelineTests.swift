import Ethereum
import EventLog
import Foundation
import SpottedProtocol
import Testing

@testable import SpottedLedger

/// The pipelined decoder hands over exactly what the inline one does, in order, and stops cleanly
/// on an undecodable entry or on the consumer's own error, whatever the batch size and depth.
@Suite struct DecodingPipelineTests {
    typealias Seen = [(UInt64, ProtocolEvent)]

    static func inline(_ log: EventLog, after: UInt64, through: UInt64) throws -> Seen {
        var seen = Seen()
        try DecodingPipeline.forEachInline(in: log, after: after, through: through) { h, e in
            seen.append((h.sequence, e))
        }
        return seen
    }

    static func pipelined(
        _ log: EventLog, after: UInt64, through: UInt64, batchSize: Int, depth: Int
    ) throws -> Seen {
        var seen = Seen()
        try DecodingPipeline.forEach(
            in: log, after: after, through: through, batchSize: batchSize, depth: depth
        ) { h, e in seen.append((h.sequence, e)) }
        return seen
    }

    @Test(
        "same entries, same order as the inline scan, for whole and partial ranges",
        arguments: [(1, 1), (7, 1), (64, 4), (1_024, 4)])
    func sameAsInline(batchSize: Int, depth: Int) throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try EngineTests.simulate(path).log
        let head = log.head.sequence
        for (after, through) in [(0, UInt64.max), (10, 200), (head - 1, head), (head, UInt64.max)]
            as [(UInt64, UInt64)]
        {
            let expected = try Self.inline(log, after: after, through: through)
            let got = try Self.pipelined(
                log, after: after, through: through, batchSize: batchSize, depth: depth)
            #expect(got.map(\.0) == expected.map(\.0))
            #expect(got.map(\.1) == expected.map(\.1))
            #expect(expected.first?.0 == (after < head ? after + 1 : nil))
        }
    }

    @Test(
        "the consumer's error stops the scan and is thrown; nothing after it is handed over",
        arguments: [(7, 1), (1_024, 4)])
    func consumerError(batchSize: Int, depth: Int) throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try EngineTests.simulate(path).log
        var last: UInt64 = 0
        do {
            try DecodingPipeline.forEach(
                in: log, after: 0, through: .max, batchSize: batchSize, depth: depth
            ) { (h, _) throws(EngineError) in
                last = h.sequence
                if h.sequence == 100 {
                    throw .corrupt(sequence: 100, reason: "consumer stops here")
                }
            }
            Issue.record("the consumer's error was not thrown")
        } catch {
            #expect(error.sequence == 100)
        }
        #expect(last == 100)
    }

    @Test("an entry that does not decode is reported with its sequence, after everything before it")
    func undecodableEntry() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try EngineTests.simulate(path)
        let bad = try #require(
            try engine.log.append([
                EventRecord(
                    chainId: 1, blockNumber: 1, timestamp: 0, sender: .zero, kind: 60_000,
                    schemaVersion: EventCodec.schemaVersion, payload: [1, 2, 3])
            ]).first
        ).sequence
        for concurrency in [ReplayConcurrency.single, .pipelined] {
            var last: UInt64 = 0
            do {
                try Engine.forEachEvent(
                    in: engine.log, after: 0, through: .max, concurrency: concurrency
                ) { h, _ in last = h.sequence }
                Issue.record("an undecodable entry was accepted")
            } catch {
                guard case .corrupt(let sequence, _) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(sequence == bad)
            }
            #expect(last == bad - 1)
        }
    }
}

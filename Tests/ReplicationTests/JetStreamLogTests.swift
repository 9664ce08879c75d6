import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger
import SpottedTestSupport
import Testing

/// JetStreamLog, the engine's ReplicatedLog, against a real 3-node cluster.
@Suite("JetStreamLog on a real cluster", .serialized)
struct JetStreamLogTests {
    @Test(
        "groups of chained envelopes read back equal, in order, from any start; nothing past the head"
    )
    func roundTrip() throws {
        let cluster = try NATSCluster(name: "jetstreamlog-test")
        defer { cluster.stop() }
        let log = try JetStreamLog.open(
            urls: cluster.clientURLs, stream: StreamConfiguration(name: "LOG"))
        let entries = envelopes(from: 1, count: 2500)
        #expect(entries[0].encodedCount == 295)
        for (start, count) in [(0, 1000), (1000, 1000), (2000, 500)] {
            try log.publish(
                Array(entries[start..<(start + count)]), expectedLastSequence: UInt64(start))
        }
        #expect(try log.lastSequence() == 2500)
        #expect(try readEnvelopes(log, count: entries.count) == entries)
        #expect(try log.read(from: 2501, limit: 10, timeoutMilliseconds: 200).isEmpty)
        #expect(
            try log.read(from: 1700, limit: 3, timeoutMilliseconds: 10_000)
                == Array(entries[1699..<1702]))
        // A stale writer's group is refused whole.
        #expect(
            throws: ReplicationError.fenced(expectedLastSequence: 2000, streamLastSequence: 2500)
        ) {
            try log.publish(
                envelopes(from: 2001, count: 10, after: entries[1999].hash, payloadBytes: 99),
                expectedLastSequence: 2000)
        }
        #expect(try log.lastSequence() == 2500)
    }

    /// Which node the kill test kills.
    enum Victim: String, CaseIterable, CustomTestStringConvertible {
        case follower, streamLeader
        var testDescription: String { rawValue }
    }

    @Test(
        "kill -9 of one node under writes: quorum 2 of 3 goes on; the restarted node's own last sequence catches up",
        arguments: Victim.allCases)
    func killOneNodeUnderWrites(_ which: Victim) throws {
        let cluster = try NATSCluster(name: "jetstreamlog-kill")
        defer { cluster.stop() }
        let stream = StreamConfiguration(name: "KILL")
        let log = try JetStreamLog.open(urls: cluster.clientURLs, stream: stream)
        let groups = 30
        let groupSize = 200
        let entries = envelopes(from: 1, count: groups * groupSize, payloadBytes: 64)
        // The follower: one the client is not connected to (it connects to node 0, no randomize),
        // so writes go on without a pause. The leader: an election follows (writes blocked for
        // seconds, publishes time out and are settled by reading the stream's end).
        let leader = try JetStreamAPI(connection: log.connection).streamState(stream.name).leader
        let victim = try #require(
            which == .streamLeader
                ? (0..<NATSCluster.nodeCount).first { "n\($0 + 1)" == leader }
                : (1..<NATSCluster.nodeCount).first { "n\($0 + 1)" != leader })
        for group in 0..<groups {
            if group == 10 { cluster.kill(node: victim) }
            if group == 20 { try cluster.restart(node: victim) }
            let start = group * groupSize
            try publishRetrying(
                log, Array(entries[start..<(start + groupSize)]),
                expectedLastSequence: UInt64(start))
        }
        let acknowledged = UInt64(groups * groupSize)
        #expect(try log.lastSequence() == acknowledged)
        for address in cluster.monitoringAddresses {
            #expect(
                try waitForLastSequence(address, stream: stream.name, atLeast: acknowledged)
                    == acknowledged)
        }
        #expect(try readEnvelopes(log, count: entries.count) == entries)
    }
}

/// Publishes a group the way the writer must: when the outcome is unknown (`.unavailable` during
/// a leader election, or 10201 for a resent group whose entries are already stored) it asks the
/// stream where it ends, and resends only if the group is not there.
func publishRetrying(_ log: JetStreamLog, _ group: [Envelope], expectedLastSequence: UInt64) throws
{
    let stored = expectedLastSequence + UInt64(group.count)
    for _ in 0..<60 {
        do {
            try log.publish(group, expectedLastSequence: expectedLastSequence)
            return
        } catch .unavailable {
        } catch .failed(let code, let description) {
            try #require(code == JetStreamAPI.batchDuplicateMessageIDCode, "\(description)")
        }
        usleep(250_000)
        guard let last = try? log.lastSequence() else { continue }
        if last == stored { return }
        try #require(
            last == expectedLastSequence,
            "stream ends at \(last), neither before nor after the group")
    }
    Issue.record("group after \(expectedLastSequence) not stored after 60 attempts")
}

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
        var read: [Envelope] = []
        while read.count < entries.count {
            let batch = try log.read(
                from: UInt64(read.count + 1), limit: 1000, timeoutMilliseconds: 2000)
            try #require(!batch.isEmpty)
            read += batch
        }
        #expect(read == entries)
        #expect(try log.read(from: 2501, limit: 10, timeoutMilliseconds: 200).isEmpty)
        #expect(
            try log.read(from: 1700, limit: 3, timeoutMilliseconds: 2000)
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

    @Test(
        "kill -9 of one node under writes: quorum 2 of 3 goes on; the restarted node's own last sequence catches up"
    )
    func killOneNodeUnderWrites() throws {
        let cluster = try NATSCluster(name: "jetstreamlog-kill")
        defer { cluster.stop() }
        let stream = StreamConfiguration(name: "KILL")
        let log = try JetStreamLog.open(urls: cluster.clientURLs, stream: stream)
        let groups = 30
        let groupSize = 200
        let entries = envelopes(from: 1, count: groups * groupSize, payloadBytes: 64)
        let victim = 2  // the client is connected to node 0 (no randomize); node 2 may lead the stream
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
        var read: [Envelope] = []
        while read.count < entries.count {
            let batch = try log.read(
                from: UInt64(read.count + 1), limit: 1000, timeoutMilliseconds: 5000)
            try #require(!batch.isEmpty)
            read += batch
        }
        #expect(read == entries)
    }
}

/// Publishes a group the way the writer must: on `.unavailable` (a leader election after the
/// kill) it asks the stream where it ends, and retries only if the group is not there.
func publishRetrying(_ log: JetStreamLog, _ group: [Envelope], expectedLastSequence: UInt64) throws
{
    for _ in 0..<40 {
        do {
            try log.publish(group, expectedLastSequence: expectedLastSequence)
            return
        } catch .unavailable {
            usleep(250_000)
            guard let last = try? log.lastSequence() else { continue }
            if last == expectedLastSequence + UInt64(group.count) { return }
            try #require(
                last == expectedLastSequence,
                "stream ends at \(last), neither before nor after the group")
        }
    }
    Issue.record("group after \(expectedLastSequence) not stored after 40 attempts")
}

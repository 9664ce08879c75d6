import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger
import SpottedTestSupport
import Testing

/// The libnats wrapper against a real 3-node nats-server 2.15.1 cluster on loopback ports.
@Suite("JetStream wrapper on a real cluster", .serialized)
struct JetStreamTests {
    @Test(
        "ensuring the stream twice succeeds with the same state; a different configuration is refused (10058)"
    )
    func ensureIsIdempotent() throws {
        let (cluster, connection, stream) = try clusterWithStream("ENSURE")
        defer { cluster.stop() }
        let api = JetStreamAPI(connection: connection)
        let again = try api.ensureStream(stream)
        #expect(again.lastSequence == 0)
        #expect(again.allowsAtomicPublish)
        #expect(again.leader != nil)
        var changed = stream
        changed.replicas = 1
        #expect(
            failureCode { _ = try api.ensureStream(changed) } == JetStreamAPI.streamNameInUseCode)
        #expect(try api.streamState(stream.name).allowsAtomicPublish)
        // A follower only finds the stream: a missing one is 10059, and nothing is created.
        let missing = StreamConfiguration(name: "MISSING")
        #expect(
            failureCode {
                _ = try JetStreamLog.open(
                    urls: cluster.clientURLs, stream: missing, createIfMissing: false)
            } == JetStreamAPI.streamNotFoundCode)
        #expect(
            failureCode { _ = try api.streamState("MISSING") } == JetStreamAPI.streamNotFoundCode)
        #expect(
            try JetStreamLog.open(urls: cluster.clientURLs, stream: stream, createIfMissing: false)
                .lastSequence() == 0)
    }

    @Test(
        "an atomic batch of 300 messages with message ids is stored whole and read back byte for byte"
    )
    func atomicBatchRoundTrip() throws {
        let (cluster, connection, stream) = try clusterWithStream("ROUNDTRIP")
        defer { cluster.stop() }
        let payloads = (0..<300).map { i in
            (0..<(50 + i % 200)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }
        }
        let ids = (0..<300).map { "id-\($0)" }
        let ack = try connection.publishAtomicBatch(
            subject: stream.subject, payloads: payloads, messageIDs: ids, expectedLastSequence: 0)
        #expect(ack == BatchAcknowledgement(stream: stream.name, lastSequence: 300, count: 300))
        let messages = try readAll(connection, stream, count: 300)
        #expect(messages.map(\.0) == Array(1...300))
        #expect(messages.map(\.1) == payloads)
    }

    @Test(
        "a stale fence refuses the whole batch (10071), and so does a batch of ids already stored (10201)"
    )
    func staleFenceRefusedWhole() throws {
        let (cluster, connection, stream) = try clusterWithStream("FENCE")
        defer { cluster.stop() }
        let first = (0..<5).map { [UInt8($0)] }
        _ = try connection.publishAtomicBatch(
            subject: stream.subject, payloads: first, messageIDs: (0..<5).map { "a\($0)" },
            expectedLastSequence: 0)
        #expect(throws: ReplicationError.fenced(expectedLastSequence: 0, streamLastSequence: 5)) {
            _ = try connection.publishAtomicBatch(
                subject: stream.subject, payloads: (0..<7).map { [UInt8(100 + $0)] },
                messageIDs: (0..<7).map { "b\($0)" }, expectedLastSequence: 0)
        }
        // The same ids again (a writer retrying a group that was stored): refused whole, even
        // with a correct fence.
        let code = failureCode {
            _ = try connection.publishAtomicBatch(
                subject: stream.subject, payloads: first, messageIDs: (0..<5).map { "a\($0)" },
                expectedLastSequence: 5)
        }
        #expect(code == JetStreamAPI.batchDuplicateMessageIDCode)
        let state = try JetStreamAPI(connection: connection).streamState(stream.name)
        #expect(state.lastSequence == 5)
        #expect(state.messages == 5)
        #expect(try readAll(connection, stream, count: 5).map(\.1) == first)
    }

    @Test("a group of 1001 entries is refused before anything is sent")
    func oversizedGroupRefused() throws {
        let (cluster, connection, stream) = try clusterWithStream("OVERSIZE")
        defer { cluster.stop() }
        let log = JetStreamLog(connection: connection, stream: stream)
        let group = envelopes(from: 1, count: 1001, payloadBytes: 8)
        #expect(throws: ReplicationError.self) { try log.publish(group, expectedLastSequence: 0) }
        #expect(throws: ReplicationError.self) {
            _ = try connection.publishAtomicBatch(
                subject: stream.subject, payloads: group.map(\.encoded), expectedLastSequence: 0)
        }
        #expect(try log.lastSequence() == 0)
        // One that does not start at expectedLastSequence + 1 is refused too.
        #expect(throws: ReplicationError.self) {
            try log.publish(envelopes(from: 2, count: 3), expectedLastSequence: 0)
        }
        #expect(try log.lastSequence() == 0)
    }

    @Test("a node's own /jsz last sequence follows the stream on every node")
    func monitoringLastSequence() throws {
        let (cluster, connection, stream) = try clusterWithStream("JSZ")
        defer { cluster.stop() }
        _ = try connection.publishAtomicBatch(
            subject: stream.subject, payloads: (0..<10).map { [UInt8($0)] }, expectedLastSequence: 0
        )
        for address in cluster.monitoringAddresses {
            let sequence = try waitForLastSequence(address, stream: stream.name, atLeast: 10)
            #expect(sequence == 10)
        }
        #expect(
            try MonitoringClient(address: cluster.monitoringAddresses[0]).lastSequence(
                stream: "NONE") == nil)
    }
}

/// The server's error code when `body` fails with ``ReplicationError/failed(code:description:)``;
/// nil when it succeeds or fails otherwise.
func failureCode(_ body: () throws -> Void) -> Int? {
    do {
        try body()
        return nil
    } catch let error as ReplicationError {
        if case .failed(let code, _) = error { return code }
        return nil
    } catch {
        return nil
    }
}

/// Polls a node's `/jsz` until it reports at least `target` for `stream` (a replica applies a
/// committed entry a moment after the leader acknowledges it), at most `attempts` × 50 ms.
func waitForLastSequence(
    _ address: String, stream: String, atLeast target: UInt64, attempts: Int = 600
) throws
    -> UInt64?
{
    let client = MonitoringClient(address: address)
    var last: UInt64?
    for _ in 0..<attempts {
        last = try? client.lastSequence(stream: stream)
        if let last, last >= target { return last }
        usleep(50_000)
    }
    return last
}

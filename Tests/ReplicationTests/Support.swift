import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger
import SpottedTestSupport
import Testing

/// `count` chained envelopes from sequence `first`, after `previousHash`, with payloads of
/// `payloadBytes` (the real envelope size is about 300 bytes encoded).
func envelopes(
    from first: UInt64, count: Int, after previousHash: Word = .zero, payloadBytes: Int = 170
)
    -> [Envelope]
{
    var previous = previousHash
    var result: [Envelope] = []
    for offset in 0..<count {
        let sequence = first + UInt64(offset)
        let seed = Keccak256.hash("entry \(sequence)").bytes
        let record = EventRecord(
            chainId: 1, blockNumber: sequence, timestamp: 1_700_000_000 + sequence,
            sender: Address(lowBytesOf: Keccak256.hash("sender \(sequence % 7)")), kind: 1,
            schemaVersion: 1,
            payload: (0..<payloadBytes).map { seed[$0 % 32] &+ UInt8(truncatingIfNeeded: $0) })
        let envelope = Envelope(sequence: sequence, record: record, previousHash: previous)
        previous = envelope.hash
        result.append(envelope)
    }
    return result
}

/// A started cluster and a connection to it, the stream `name` ensured (R3).
func clusterWithStream(_ name: String) throws -> (NATSCluster, NATSConnection, StreamConfiguration)
{
    let cluster = try NATSCluster(name: "replication-test")
    do {
        let connection = try NATSConnection(
            options: NATSConnectionOptions(urls: cluster.clientURLs))
        let stream = StreamConfiguration(name: name)
        _ = try JetStreamAPI(connection: connection).ensureStream(stream)
        return (cluster, connection, stream)
    } catch {
        cluster.stop()
        throw error
    }
}

/// Reads every message of `stream` from `start` until `count` arrived (or a read came back empty).
func readAll(
    _ connection: NATSConnection, _ stream: StreamConfiguration, from start: UInt64 = 1, count: Int
)
    throws -> [(UInt64, [UInt8])]
{
    let reader = try StreamReader(
        connection: connection, stream: stream.name, subject: stream.subject, startSequence: start)
    var messages: [(UInt64, [UInt8])] = []
    while messages.count < count {
        let batch = try reader.read(limit: count - messages.count, timeoutMilliseconds: 10_000)
        if batch.isEmpty { break }
        messages += batch
    }
    return messages
}

/// Reads `log` from sequence 1 in groups of at most 1000 until `count` entries arrived; a read
/// that comes back empty before then fails the test.
func readEnvelopes(_ log: JetStreamLog, count: Int) throws -> [Envelope] {
    var read: [Envelope] = []
    while read.count < count {
        let batch = try log.read(
            from: UInt64(read.count + 1), limit: 1000, timeoutMilliseconds: 10_000)
        try #require(!batch.isEmpty)
        read += batch
    }
    return read
}

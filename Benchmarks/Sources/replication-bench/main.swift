// Replicated durable append (issue 17). Not a test: prints rates and the ratio measured in one run.
//
//   tools/bench-replication            (builds the C baseline and this, then runs it), or
//   swift run -c release --package-path Benchmarks replication-bench --c-bench .build/tools/nats-bench-c
//       [--entries N] [--payload-bytes P] [--batch B] [--rounds R]
//
// A real 3-node nats-server 2.15.1 cluster on loopback ports (NATSCluster) is started; N chained
// envelopes with P-byte payloads (170 → 295 bytes encoded, the reference's 300-byte entries) are
// built and their encoded bytes written to a file. Each round, on fresh R3 streams: the plain C
// program (tools/nats-bench-c) publishes those bytes as atomic batches of B with libnats, and
// JetStreamLog publishes the same envelopes as groups of B (C first in odd rounds, Swift first in
// even ones), then reads them back. Both send the same headers (batch
// id/sequence/commit, Nats-Msg-Id = entry hash, Nats-Expected-Last-Sequence on the first).
import BenchSupport
import Ethereum
import EventLog
import Foundation
import Replication
import SpottedTestSupport

let entryCount = option("--entries").flatMap(Int.init) ?? 100_000
let payloadBytes = option("--payload-bytes").flatMap(Int.init) ?? 170
let batchSize = option("--batch").flatMap(Int.init) ?? 1000
let rounds = option("--rounds").flatMap(Int.init) ?? 4
guard let cBench = option("--c-bench") else { fail("--c-bench path/to/nats-bench-c is required") }

/// `count` chained envelopes with `payloadBytes`-byte payloads.
func buildEnvelopes(count: Int, payloadBytes: Int) -> [Envelope] {
    var previous = Word.zero
    var result: [Envelope] = []
    result.reserveCapacity(count)
    for index in 0..<count {
        let sequence = UInt64(index + 1)
        let record = EventRecord(
            chainId: 1, blockNumber: sequence, timestamp: 1_700_000_000 + sequence,
            sender: Address(lowBytesOf: Keccak256.hash("sender \(index % 64)")), kind: 1, schemaVersion: 1,
            payload: (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) })
        let envelope = Envelope(sequence: sequence, record: record, previousHash: previous)
        previous = envelope.hash
        result.append(envelope)
    }
    return result
}

/// Runs the C baseline on `subject`; returns its messages per second.
func runC(urls: [String], subject: String, file: String, recordBytes: Int) -> Double {
    runNATSBenchC(cBench, arguments: [urls.joined(separator: ","), subject, file, String(recordBytes), String(batchSize)])
}

/// The entries in groups of `batchSize`, each prepared (encoded, links and hashes checked) before
/// any publish is timed, as the engine has its groups ready when it publishes.
func preparedGroups(_ entries: [Envelope]) -> [PreparedEntries] {
    stride(from: 0, to: entries.count, by: batchSize).map { head in
        do {
            return try PreparedEntries(checking: Array(entries[head..<min(head + batchSize, entries.count)]))
        } catch { fail("group at \(head): \(error)") }
    }
}

/// Publishes every group through `log`; returns entries per second.
func runSwift(_ log: JetStreamLog, _ groups: [PreparedEntries]) -> Double {
    let start = now()
    var head: UInt64 = 0
    for group in groups {
        do {
            try log.publish(group, expectedLastSequence: head)
        } catch { fail("publish after \(head): \(error)") }
        head += UInt64(group.count)
    }
    return Double(head) / (Double(now() - start) / 1e9)
}

/// Reads every entry back through `log` in reads of up to 1 000, checking each equals what was
/// published; returns entries per second (the check included).
func readBack(_ log: JetStreamLog, _ entries: [Envelope]) -> Double {
    let start = now()
    var next = 0
    while next < entries.count {
        let batch: [Envelope]
        do {
            batch = try log.read(from: UInt64(next + 1), limit: 1000, timeoutMilliseconds: 10_000)
        } catch { fail("read from \(next + 1): \(error)") }
        guard !batch.isEmpty else { fail("nothing read at \(next + 1)") }
        for (offset, entry) in batch.enumerated() where entry != entries[next + offset] {
            fail("entry \(entry.sequence) read back differs")
        }
        next += batch.count
    }
    return Double(entries.count) / (Double(now() - start) / 1e9)
}

let entries = buildEnvelopes(count: entryCount, payloadBytes: payloadBytes)
let recordBytes = entries[0].encodedCount
let file = NSTemporaryDirectory() + "replication-bench-\(getpid()).bin"
var bytes: [UInt8] = []
bytes.reserveCapacity(entryCount * recordBytes)
for entry in entries { bytes += entry.encoded }
guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { fail("cannot write \(file)") }
defer { try? FileManager.default.removeItem(atPath: file) }
let groups = preparedGroups(entries)

let cluster: NATSCluster
do { cluster = try NATSCluster(name: "replication-bench") } catch { fail("\(error)") }
defer { cluster.stop() }
print("cluster: 3 × nats-server (\(cluster.serverPath)), R3 file streams, \(entryCount) entries of \(recordBytes) bytes, atomic batches of \(batchSize)")
var cRates: [Double] = []
var swiftRates: [Double] = []
var readRates: [Double] = []
for round in 1...rounds {
    do {
        let connection = try NATSConnection(options: NATSConnectionOptions(urls: cluster.clientURLs))
        let api = JetStreamAPI(connection: connection)
        let cStream = StreamConfiguration(name: "CBENCH\(round)")
        let swiftStream = StreamConfiguration(name: "SWIFTBENCH\(round)")
        _ = try api.ensureStream(cStream)
        _ = try api.ensureStream(swiftStream)
        let log = JetStreamLog(connection: connection, stream: swiftStream)
        // Odd rounds run C first, even rounds Swift first: neither always gets the fresher cluster.
        if round % 2 == 0 { swiftRates.append(runSwift(log, groups)) }
        cRates.append(runC(urls: cluster.clientURLs, subject: cStream.subject, file: file, recordBytes: recordBytes))
        if round % 2 == 1 { swiftRates.append(runSwift(log, groups)) }
        readRates.append(readBack(log, entries))
    } catch { fail("round \(round): \(error)") }
    print(String(format: "round %d: C libnats %.0f entries/s, JetStreamLog %.0f entries/s, ratio %.2f×; read back %.0f entries/s",
                 round, cRates[round - 1], swiftRates[round - 1], swiftRates[round - 1] / cRates[round - 1], readRates[round - 1]))
}
let c = cRates.reduce(0, +) / Double(rounds)
let swift = swiftRates.reduce(0, +) / Double(rounds)
print("| replicated durable append, atomic groups of \(batchSize) × \(recordBytes) B (entries/s) | JetStreamLog (Swift) | C libnats | Swift / C |")
print("|---|---|---|---|")
print(String(format: "| mean of %d rounds, %d entries each | %.0f | %.0f | %.2f× |", rounds, entryCount, swift, c, swift / c))
print(String(format: "read back through JetStreamLog.read (ordered consumer, reads of 1 000, decoded and compared): %.0f entries/s",
              readRates.reduce(0, +) / Double(rounds)))

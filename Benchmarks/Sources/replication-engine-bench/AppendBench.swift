import BenchSupport
import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger

/// One round of the replicated durable append: the engine's writer path and its split.
struct AppendRound {
    /// Entries per second of the engine's commit (envelopes, publish, local append with fsync).
    var commitRate: Double
    /// Entries per second of the whole writer (signature recovery, reduction and commit).
    var endToEndRate: Double
    /// Seconds in publishes (until the quorum's acknowledgement) and in the local append.
    var publishSeconds: Double
    var localSeconds: Double
    /// Commit groups written, and each one's size (from the acknowledged publishes).
    var groups: UInt64
    var groupSizes: [Int]
}

/// Runs the writer's real path on a fresh ledger at `path` writing to `stream`: an engine that
/// `startWriting`, an `Ingestor` fed `actions` in array submissions of 10 000 (signatures
/// recovered on every core, reduced in order, group commit capped at 1 000 while replicating).
func runEngineWriter(
    actions: [Action], path: String, connection: NATSConnection, stream: StreamConfiguration,
    expectedHead: Word
) async -> AppendRound {
    let timed = TimedLog(JetStreamLog(connection: connection, stream: stream))
    let engine: Engine
    do {
        engine = try Engine(directory: path)
        try engine.startWriting(to: timed)
    } catch { fail("writer at \(path): \(error)") }
    let ingestor = Ingestor(engine: engine)
    let start = now()
    var next = 0
    while next < actions.count {
        let end = min(next + 10_000, actions.count)
        for (i, result) in await ingestor.submit(Array(actions[next..<end])).enumerated() {
            if case .failure(let error) = result { fail("action \(next + i + 1): \(error)") }
        }
        next = end
    }
    let seconds = Double(now() - start) / 1e9
    let statistics = ingestor.statistics()
    await ingestor.shutdown()
    guard engine.log.head.hash == expectedHead else { fail("the writer's chain differs from the source's") }
    let (publishSeconds, acks) = timed.record.withLock { ($0.seconds, $0.acks) }
    let ends = acks.map { Int($0.0) }
    return AppendRound(
        commitRate: Double(statistics.appendedEvents) / statistics.commitSecondsSum,
        endToEndRate: Double(actions.count) / seconds, publishSeconds: publishSeconds,
        localSeconds: statistics.commitSecondsSum - publishSeconds, groups: statistics.groups,
        groupSizes: zip(ends, [0] + ends).map { $0 - $1 })
}

/// Writes every dirty page out (`sync`) and waits a moment: a run must not pay for the writeback
/// of the one before it.
func settleDisk() {
    sync()
    Thread.sleep(forTimeInterval: 0.5)
}

/// Runs tools/nats-bench-c on `subject` with the length-prefixed records in `file`, as atomic
/// batches of the sizes listed in `groupsFile`; with `localLMDB`, each acknowledged batch is also
/// appended to an LMDB environment there (one durable write per batch, as the engine's local
/// append). Returns its entries per second.
func runC(
    _ cBench: String, urls: [String], subject: String, file: String, groupsFile: String, localLMDB: String? = nil
) -> Double {
    runNATSBenchC(
        cBench,
        arguments: [urls.joined(separator: ","), subject, file, "0", "@" + groupsFile]
            + (localLMDB.map { ["lmdb=" + $0] } ?? []))
}

/// The commit's local half alone, on a fresh log at `path`: for each group of `groups`, the
/// entries prepared from the head (`EventLog.prepare`: encoded and hashed once) and appended with
/// the acknowledged sequence (`append(prepared:archive:acknowledgedSequence:)`), with fsync unless
/// `noSync`; returns entries per second.
func localAppendRate(_ source: EventLog, groups: [Int], path: String, noSync: Bool) -> Double {
    var options = EventLog.Options()
    options.unsafeNoSync = noSync
    let log: EventLog
    do { log = try EventLog(directory: path, options: options) } catch { fail("log at \(path): \(error)") }
    var records: [[EventRecord]] = []
    var next: UInt64 = 1
    for size in groups {
        do {
            records.append(try source.entries(from: next, limit: size).map(\.record))
        } catch { fail("source at \(next): \(error)") }
        next += UInt64(size)
    }
    let start = now()
    for group in records {
        let prepared = EventLog.prepare(group, after: log.head)
        do {
            try log.append(prepared: prepared, archive: [], acknowledgedSequence: prepared.lastSequence ?? 0)
        } catch { fail("append at \(log.head.sequence): \(error)") }
    }
    return Double(next - 1) / (Double(now() - start) / 1e9)
}

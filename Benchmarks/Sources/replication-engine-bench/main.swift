// The replicated writer and followers at the engine level (issue 17). Not a test: prints rates,
// lags and ratios measured in one run, as tables.
//
//   tools/bench-replication-engine     (builds the C baseline and this, then runs it), or
//   swift run -c release --package-path Benchmarks replication-engine-bench --c-bench .build/tools/nats-bench-c
//       [--events E] [--append-entries A] [--rounds R] [--lag-rates R1,R2] [--lag-seconds S]
//       [--ledger DIR]
//
// A real 3-node nats-server 2.15.1 cluster on loopback ports (NATSCluster). A source ledger of E
// events is simulated once (seed 2026, 64 operators, 3 chains, 400 tasks per epoch), or DIR is
// used. Then:
// 1. Replicated durable append: the first A actions of the source go through the writer's real
//    path (an Engine that `startWriting` to JetStream, an Ingestor: signatures recovered, reduced,
//    groups of ≤ 1 000 published as one atomic batch, then appended to LMDB with fsync), next to
//    tools/nats-bench-c publishing the same entries' bytes as the same atomic batches (the
//    engine's group boundaries, checked after each round) to a fresh stream of the same cluster,
//    and the same C program also appending each acknowledged batch to a local LMDB environment
//    (one durable write per batch: the protocol done minimally in C), alternating which goes
//    first, R rounds. `--append-only 1` stops after this part.
// 2. Follower lag: a writer paced at each rate (actions/s; default 2 000 and 5 000) for S seconds and a follower in this process
//    (its own connection, reads of ≤ 1 000, apply with fsync): lag per entry in ms (the
//    follower's append minus the writer's acknowledgement) and in entries (sampled every 5 ms).
// 3. Catch-up: the whole source seeded to a stream in groups of 1 000, then a fresh follower
//    catches up to its head, next to `Engine.replay` of the same ledger.
import BenchSupport
import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger
import SpottedTestSupport

let events = option("--events").flatMap(UInt64.init) ?? 1_000_000
let appendEntries = option("--append-entries").flatMap(UInt64.init) ?? 100_000
let rounds = option("--rounds").flatMap(Int.init) ?? 2
let lagRates = (option("--lag-rates") ?? "2000,5000").split(separator: ",").compactMap { Double($0) }
let lagSeconds = option("--lag-seconds").flatMap(Double.init) ?? 20
guard let cBench = option("--c-bench") else { fail("--c-bench path/to/nats-bench-c is required") }
let work = NSTemporaryDirectory() + "replication-engine-bench-\(getpid())"
/// The cluster and the work directory, stopped and removed at exit however the run ends
/// (`fail` and `--append-only` exit without running top-level defers).
nonisolated(unsafe) var cleanup: (cluster: NATSCluster?, work: String) = (nil, "")
cleanup.work = work
atexit {
    cleanup.cluster?.stop()
    try? FileManager.default.removeItem(atPath: cleanup.work)
}
let appendOnly = option("--append-only") != nil
let lagCount = appendOnly ? 0 : UInt64((lagRates.max() ?? 0) * lagSeconds)

// MARK: The source ledger and the cluster

let sourcePath = option("--ledger") ?? work + "/source"
if option("--ledger") == nil {
    let seconds = simulateSource(events: events, into: sourcePath)
    print(String(format: "source: simulated %llu events in %.1f s", events, seconds))
}
let source: Engine
do { source = try Engine(directory: sourcePath) } catch { fail("source ledger: \(error)") }
let sourceHead = source.log.head.sequence
guard sourceHead >= max(appendEntries, lagCount) else {
    fail("the source holds \(sourceHead) entries; need \(max(appendEntries, lagCount))")
}
let cluster: NATSCluster
do { cluster = try NATSCluster(name: "replication-engine-bench") } catch { fail("\(error)") }
cleanup.cluster = cluster
let connection: NATSConnection
do { connection = try NATSConnection(options: NATSConnectionOptions(urls: cluster.clientURLs)) } catch {
    fail("connect: \(error)")
}
print("cluster: 3 × nats-server (\(cluster.serverPath)), R3 file streams; source ledger \(sourceHead) entries")

// MARK: 1. Replicated durable append

let file = work + "/entries.bin"
let sizes = writeEncoded(source.log, count: appendEntries, to: file)
let appendActions = actions(of: source.log, count: appendEntries)
let groups = predictedGroups(appendActions, chunk: 10_000)
let groupsFile = work + "/groups.txt"
guard FileManager.default.createFile(atPath: groupsFile, contents: Data(groups.map(String.init).joined(separator: "\n").utf8))
else { fail("cannot write \(groupsFile)") }
let appendHead: Word
do { appendHead = try source.log.entry(appendEntries).hash } catch { fail("source: \(error)") }
var cRates: [Double] = []
var cLocalRates: [Double] = []
var engineRounds: [AppendRound] = []
for round in 1...rounds {
    let cStream = StreamConfiguration(name: "CAPPEND\(round)")
    let engineStream = StreamConfiguration(name: "EAPPEND\(round)")
    let cLocalStream = StreamConfiguration(name: "LAPPEND\(round)")
    do {
        for stream in [cStream, engineStream, cLocalStream] {
            _ = try JetStreamAPI(connection: connection).ensureStream(stream)
        }
    } catch { fail("streams: \(error)") }
    func c() {
        cRates.append(runC(cBench, urls: cluster.clientURLs, subject: cStream.subject, file: file, groupsFile: groupsFile))
    }
    func cLocal() {
        let directory = work + "/c-local-\(round)"
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            fail("\(directory): \(error)")
        }
        cLocalRates.append(
            runC(cBench, urls: cluster.clientURLs, subject: cLocalStream.subject, file: file, groupsFile: groupsFile,
                 localLMDB: directory))
    }
    // Odd rounds: C, the engine, C with its local append; even rounds the other way round. Before
    // each run the page cache's dirty pages (the last run's ~100 MB across three replicas) are
    // written out, so that no run pays for the writeback of the one before.
    if round % 2 == 1 { settleDisk(); c() } else { settleDisk(); cLocal() }
    settleDisk()
    engineRounds.append(
        await runEngineWriter(
            actions: appendActions, path: work + "/writer-\(round)", connection: connection,
            stream: engineStream, expectedHead: appendHead))
    settleDisk()
    if round % 2 == 1 { cLocal() } else { c() }
    let e = engineRounds[round - 1]
    if e.groupSizes != groups { fail("the engine's groups (\(e.groupSizes.count)) are not the predicted ones the C program published (\(groups.count))") }
    print(String(format: "round %d: C publish %.0f /s, C publish + local LMDB append %.0f /s, engine commit %.0f /s (%.2f× of C publish, %.2f× of C with its local append), end to end %.0f /s; publish %.2f s, local append %.2f s, %llu groups",
                 round, cRates[round - 1], cLocalRates[round - 1], e.commitRate, e.commitRate / cRates[round - 1],
                 e.commitRate / cLocalRates[round - 1], e.endToEndRate, e.publishSeconds, e.localSeconds, e.groups))
}
printAppendTable(cRates: cRates, cLocal: cLocalRates, engine: engineRounds, sizes: sizes)
let durableLocal = localAppendRate(source.log, groups: groups, path: work + "/local-durable", noSync: false)
let noSyncLocal = localAppendRate(source.log, groups: groups, path: work + "/local-nosync", noSync: true)
print(String(format: "the local half alone, same %d groups on a fresh log: envelopes + append with fsync %.0f entries/s, without fsync (MDB_NOSYNC) %.0f entries/s: fsync is %.0f %% of it",
             groups.count, durableLocal, noSyncLocal, 100 * (1 - durableLocal / noSyncLocal)))
if appendOnly { exit(0) }

// MARK: 2. Follower lag at steady load

var lags: [LagResult] = []
for rate in lagRates {
    let count = UInt64(rate * lagSeconds)
    lags.append(
        await runLag(
            actions(of: source.log, count: count), rate: rate, urls: cluster.clientURLs,
            connection: connection, work: work))
}
printLagTable(lags)

// MARK: 3. A fresh follower's catch-up vs local replay

let seedStream = StreamConfiguration(name: "CATCHUP")
do { _ = try JetStreamAPI(connection: connection).ensureStream(seedStream) } catch { fail("stream: \(error)") }
let seedRate = seed(source.log, into: seedStream, connection: connection)
let catchUpRate = catchUpFresh(
    urls: cluster.clientURLs, stream: seedStream, path: work + "/fresh", head: source.log.head.hash,
    count: sourceHead)
let inline = replayRate(source.log, signatures: .inline)
let allCores = replayRate(source.log, signatures: .allCores)
let trusted = replayRate(source.log, signatures: .trusted)
printCatchUpTable(
    count: sourceHead, seed: seedRate, catchUp: catchUpRate, inline: inline, allCores: allCores, trusted: trusted)

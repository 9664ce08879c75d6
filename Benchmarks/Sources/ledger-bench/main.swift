// Engine benchmark on a large simulated ledger (issue 7). Not a test: prints rates and ratios
// measured in one run.
//
//   swift run -c release ledger-bench [--events N] [--ledger DIR] [--samples K]
//
// If DIR holds no ledger, a seeded history of at least N events (default 5 000 000) is simulated
// into it first (MDB_NOSYNC, said loudly; every action is still validated and signed for real),
// then the measurements run in a fresh child process so its peak RSS is theirs alone:
// 0. a raw scan that brings the log into the page cache;
// 1. full replay from genesis without signature checks, one core, then pipelined over the cores;
// 2. full replay re-verifying every registration and response signature on all cores, next to
//    raw libsecp256k1 recoveries on one core measured in the same run;
// 3. the state at K random epochs (seeded), each from the nearest snapshot;
// 4. peak RSS (VmHWM) after the trusted replay and after all the measurements;
// 5. the peak RSS of a trusted replay through half the log and through all of it, each in a fresh
//    process, with the size of the state each ends with: how memory follows the log's length.
import BenchSupport
import CSecp256k1
import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedSimulation
import SpottedTestSupport
import SpottedProtocol
import Synchronization

/// This process's peak resident set (VmHWM). Not getrusage: Linux carries the parent's peak into a
/// child's ru_maxrss across exec, so the generator's peak would show up in the measurements.
func peakRSSMegabytes() -> Double { statusMegabytes("VmHWM:") }

/// A size line of /proc/self/status (VmHWM: peak resident set, VmRSS: resident now), in MB.
func statusMegabytes(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
          let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
    return kilobytes / 1024
}

let arguments = CommandLine.arguments
let targetEvents = option("--events").flatMap(UInt64.init) ?? 5_000_000
let directory = option("--ledger") ?? "logs/bench-\(targetEvents)"
let samples = option("--samples").flatMap(Int.init) ?? 20
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

// MARK: Peak memory of one replay (grandchild process)

// `--peak --through N`: a trusted one-thread replay through N in a fresh process, printing its
// peak RSS and the encoded size of the state it ends with, so that two lengths of the same log
// can be compared.
if arguments.contains("--peak") {
    let through = option("--through").flatMap(UInt64.init) ?? .max
    do {
        let log = try EventLog(directory: directory)
        let state = try Engine.replay(log, through: through, signatures: .trusted, concurrency: .single)
        print(peakRSSMegabytes(), canonicalBytes(of: state))
    } catch {
        fail("replay through \(through): \(error)")
    }
    exit(0)
}

// MARK: Generation (parent process)

if !arguments.contains("--measure") {
    if !FileManager.default.fileExists(atPath: directory + "/data.mdb") {
        var options = benchmarkSimulationOptions(events: targetEvents)
        options.dishonest = 3
        var logOptions = EventLog.Options()
        logOptions.unsafeNoSync = true
        let engine: Engine
        do { engine = try Engine(directory: directory, options: logOptions) } catch { fail("cannot create \(directory): \(error)") }
        print("simulating ≥ \(targetEvents) events into \(directory) (seed \(options.seed), \(options.operators) operators, \(options.chains) chains, \(options.tasksPerEpoch) tasks per epoch)")
        let t0 = now()
        var simulator = Simulator(options: options)
        do {
            try simulator.run(into: engine) { epoch in
                guard epoch % 50 == 0 else { return }
                let done = engine.log.head.sequence, seconds = Double(now() - t0) / 1e9
                let eta = Double(targetEvents &- min(done, targetEvents)) / max(Double(done) / seconds, 1)
                FileHandle.standardError.write(Data(String(format: "  epoch %u: %llu events, %.0f events/s, ETA %.0f s\n", epoch, done, Double(done) / seconds, eta).utf8))
            }
        } catch {
            fail("simulation refused: \(error)")
        }
        print(String(format: "simulated %llu events in %.1f s", engine.log.head.sequence, Double(now() - t0) / 1e9))
    }
    // Measure in a child so that its peak RSS excludes the generation.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["--measure", "--ledger", directory, "--samples", String(samples)]
    do { try child.run() } catch { fail("cannot start the measuring process: \(error)") }
    child.waitUntilExit()
    exit(child.terminationStatus)
}

// MARK: Measurements (child process)

let log: EventLog
do { log = try EventLog(directory: directory) } catch { fail("cannot open \(directory): \(error)") }
let events = log.head.sequence
let snapshots: [(sequence: UInt64, root: Word, size: Int)]
do { snapshots = try log.snapshotRoots(reducerVersion: Engine.reducerVersion) } catch { fail("snapshots: \(error)") }

// A raw scan first: counts the signatures in the log (registrations and responses), finds where
// every epoch ends, and brings the log into the page cache, so that the replays below measure the
// engine rather than the disk (the scan's own rate is printed).
let t0 = now()
var signed: UInt64 = 0
var epochEnds = [UInt64]()
do {
    let registration = EventCodec.code(of: "register-operator"), response = EventCodec.code(of: "respond-to-task")
    let transition = EventCodec.code(of: "epoch-transition")
    try log.scanRaw { sequence, raw in
        let kind = Envelope.kind(of: raw)
        if kind == registration || kind == response { signed += 1 }
        if kind == transition { epochEnds.append(sequence) }
        return true
    }
} catch {
    fail("scan: \(error)")
}
let scanSeconds = Double(now() - t0) / 1e9

// 1. Trusted replay: everything on one thread, then pipelined (the default: entries decoded on a
//    second thread, snapshot roots recomputed on a third, while the first reduces).
let t1 = now()
let trustedState: LedgerState
do { trustedState = try Engine.replay(log, signatures: .trusted, concurrency: .single) } catch { fail("trusted replay: \(error)") }
let trustedSeconds = Double(now() - t1) / 1e9
let rssAfterTrusted = peakRSSMegabytes()
// Resident once replay has returned: the final state it hands back, and what the allocator kept.
let rssHoldingState = statusMegabytes("VmRSS:")
let t1c = now()
do { _ = try Engine.replay(log, signatures: .trusted, concurrency: .pipelined) } catch { fail("trusted replay: \(error)") }
let concurrentSeconds = Double(now() - t1c) / 1e9

// 2a. Raw libsecp256k1 recoveries on one core.
let cRate = rawCRecoveryRate(count: 20_000)
// The same on every core at once: how far the cores scale together on this machine (shared
// clock and caches), for reading the ratio below; the target is against one core × cores.
let allCoresRate: Double = {
    let rates = Mutex([Double]())
    DispatchQueue.concurrentPerform(iterations: cores) { _ in
        let rate = rawCRecoveryRate(count: 20_000)
        rates.withLock { $0.append(rate) }
    }
    return rates.withLock { $0.reduce(0, +) }
}()

// 2b. Replay re-verifying every signature on all cores.
let t2 = now()
let verifiedState: LedgerState
do { verifiedState = try Engine.replay(log, signatures: .allCores) } catch { fail("verifying replay: \(error)") }
let verifiedSeconds = Double(now() - t2) / 1e9
guard verifiedState.root == trustedState.root else { fail("the two replays disagree") }

// 3. State at random epochs from the nearest snapshot.
var rng = SplitMix64(seed: 0x5EED)
var latencies = [Double]()
for _ in 0..<samples {
    guard !epochEnds.isEmpty else { break }
    let at = epochEnds[Int(rng.next() % UInt64(epochEnds.count))]
    let t0 = now()
    do { _ = try Engine.state(at: at, in: log) } catch { fail("state at \(at): \(error)") }
    latencies.append(Double(now() - t0) / 1e6)
}
latencies.sort()
// Of which the fixed part: the newest snapshot read, hash-checked and decoded, no events replayed.
var snapshotLoad = Double.nan
if let newest = snapshots.last {
    let t0 = now()
    do { _ = try Engine.state(at: newest.sequence, in: log) } catch { fail("state at \(newest.sequence): \(error)") }
    snapshotLoad = Double(now() - t0) / 1e6
}
let median = latencies.isEmpty ? 0 : latencies[latencies.count / 2]
let worst = latencies.last ?? 0
let rss = peakRSSMegabytes()

let trustedRate = Double(events) / trustedSeconds
let signatureRate = Double(signed) / verifiedSeconds
let stateBytes = canonicalBytes(of: trustedState)
print("ledger \(directory): \(events) events, \(epochEnds.count + 1) epochs, \(signed) signatures, \(snapshots.count) snapshots (\(snapshots.reduce(0) { $0 + $1.size } / 1_048_576) MB), final state \(stateBytes / 1024) KiB, \(cores) cores")
print("| measurement | value | target |")
print("|---|---|---|")
print(String(format: "| raw scan, first read of the log (from disk unless cached) | %.0f entries/s (%.2f s) | |", Double(events) / scanSeconds, scanSeconds))
print(String(format: "| full replay, signatures trusted, 1 core | %.0f events/s (%.2f s) | ≥ 1 000 000 events/s |", trustedRate, trustedSeconds))
print(String(format: "| the same, pipelined: decoding and snapshot roots on other threads (default) | %.0f events/s (%.2f s) | |", Double(events) / concurrentSeconds, concurrentSeconds))
print(String(format: "| raw libsecp256k1 recover + address, 1 core | %.0f /s | |", cRate))
print(String(format: "| full replay re-verifying %llu signatures, %d cores | %.0f signatures/s, %.0f events/s (%.2f s) | |", signed, cores, signatureRate, Double(events) / verifiedSeconds, verifiedSeconds))
print(String(format: "| ratio to C × cores | %.2f× | ≥ 0.8× |", signatureRate / (cRate * Double(cores))))
print(String(format: "| raw libsecp256k1 on all %d cores at once (%.2f× one core), and the replay's ratio to it | %.0f /s, %.2f× | |", cores, allCoresRate / cRate, allCoresRate, signatureRate / allCoresRate))
print(String(format: "| state at a random epoch (%d samples) | median %.1f ms, worst %.1f ms | < 100 ms |", latencies.count, median, worst))
print(String(format: "| of which: newest snapshot read, hash-checked, decoded (%d KiB) | %.1f ms | |", (snapshots.last?.size ?? 0) / 1024, snapshotLoad))
print(String(format: "| peak RSS (trusted replay / whole measurement) | %.1f MB / %.1f MB | flat in log length |", rssAfterTrusted, rss))
print(String(format: "| resident after the trusted replay returns, holding its final state; the peak above it | %.1f MB; %.1f MB | |", rssHoldingState, rssAfterTrusted - rssHoldingState))
/// The bytes of a state's canonical encoding: its archive (whose records are in the ledger's
/// archive store; the state keeps their hash) and its live part.
func canonicalBytes(of state: LedgerState) -> Int {
    state.archive.byteCount + ((try? LedgerState.snapshotLiveBytes(of: state.snapshotEncoding())) ?? 0)
}

/// The largest parts of the final state, by the bytes they add to its canonical encoding.
func stateBreakdown(_ s: LedgerState) -> String {
    s.encodedBytesByContract().prefix(6).map { "\($0.name) \($0.bytes / 1024) KiB" }.joined(separator: ", ")
}
print("final state by part: \(stateBreakdown(trustedState))")

/// Peak RSS and final state size of a trusted replay through `sequence`, in a fresh process.
func peakOfReplay(through sequence: UInt64) -> (megabytes: Double, stateBytes: Int) {
    let process = Process(), output = Pipe()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["--peak", "--ledger", directory, "--through", String(sequence)]
    process.standardOutput = output
    do { try process.run() } catch { fail("cannot start a replay process: \(error)") }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let fields = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard process.terminationStatus == 0, fields.count == 2, let megabytes = Double(fields[0]), let bytes = Int(fields[1]) else {
        fail("replay through \(sequence) failed: \(text)")
    }
    return (megabytes, bytes)
}
let half = peakOfReplay(through: events / 2), whole = peakOfReplay(through: events)
print(String(format: "peak RSS of a trusted replay, each in a fresh process: through half the log %.1f MB (state %d KiB), the whole log %.1f MB (state %d KiB)",
             half.megabytes, half.stateBytes / 1024, whole.megabytes, whole.stateBytes / 1024))

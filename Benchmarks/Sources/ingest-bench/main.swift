// The live ingestion pipeline (issue 15). Not a test: prints rates and ratios measured in one run.
//
//   swift run -c release --package-path Benchmarks ingest-bench [--tasks T] [--submitters S]
//       [--baseline N] [--simulate-events E] [--http path/to/spotted-ledger] [--http-seconds D]
//       [--c-pipeline path/to/ingest-bench-c]
//
// (tools/bench-ingest builds the C program and passes it.)
//
// 1. A ledger of 64 operators is simulated, then T tasks are created; every registered operator's
//    signed response to every task is signed up front (the clients' work, not measured).
// 2. Raw libsecp256k1 recoveries (+ the address Keccak) on one core, × cores: the ceiling.
// 3. Today's path before group commit: `Engine.submit` of one response at a time, one durable write
//    each, on a copy of the same ledger (the first N responses).
// 4. The `Ingestor`: S concurrent submitters (default 64), each submitting single signed responses
//    one after another and waiting for each answer (durable); throughput, p50 / p99 latency, groups.
//    With --c-pipeline, the same closed loop in plain C right before and right after it
//    (tools/ingest-bench-c: recovery on every core, one writer appending each group durably to LMDB
//    with the hash chain; no state, no reduction): what this machine allows, next to the ceiling.
// 4b. With --http: `serve` (the given release binary) on a fresh copy of the same ledger, and wrk
//    (Debian's) with 64 connections posting the same signed responses, one per request, for D
//    seconds: throughput and p50 / p99 over loopback, and the ratio to the in-process figure.
// 5. `simulate` of E events (default 1 000 000; 0 skips) with group commit (signing on every core)
//    vs one action per durable write, same seed, same log.
import BenchSupport
import CSecp256k1
import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedSimulation
import Synchronization

let taskCount = option("--tasks").flatMap(Int.init) ?? 1_500
let submitters = option("--submitters").flatMap(Int.init) ?? 64
let baselineCount = option("--baseline").flatMap(Int.init) ?? 4_000
let simulateEvents = option("--simulate-events").flatMap(UInt64.init) ?? 1_000_000
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
let work = NSTemporaryDirectory() + "ingest-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: work) }

// MARK: 1. The ledger, the tasks and the signed responses

var options = Simulator.Options()
options.seed = 2026
options.operators = 64
options.chains = 1
options.epochs = 3
options.tasksPerEpoch = 1
options.epochLengthBlocks = 2_000_000
let simulator = Simulator(options: options)
let ledgerA = work + "/pipeline", ledgerB = work + "/baseline", ledgerC = work + "/http"
let owner = Address(lowBytesOf: Keccak256.hash("sim/owner"))
var responses = [Action]()
do {
    let engine = try Engine(directory: ledgerA)
    var running = simulator
    try running.run(into: engine)
    let state = engine.state
    var responders = [(op: Address, key: PrivateKey)]()
    for i in 0..<options.operators {
        guard let op = simulator.operatorKey(i)?.address, state.stakeRegistry.isRegistered(op) else { continue }
        let inForce = state.stakeRegistry.signingKey(of: op, at: state.currentEpoch)
        if let key = (0...40).compactMap({ simulator.signingKey(i, $0) }).first(where: { $0.address == inForce }) {
            responders.append((op, key))
        }
    }
    let first = (state.lastBlock[1] ?? 0) + 1
    var slots = [StateSlot]()
    var tasks = [Action]()
    for t in 0..<taskCount {
        let slot = StateSlot(user: Address(lowBytesOf: Keccak256.hash("bench/user/\(t)")), chainId: 2,
                             blockNumber: 100, timestamp: 1_600_000_200, key: UInt256(UInt64(t)))
        slots.append(slot)
        tasks.append(Action(.createTask(slot), chainId: 1, blockNumber: first + UInt64(t), timestamp: 1_800_000_000, sender: owner))
    }
    for result in engine.submitEach(tasks) { if case .failure(let e) = result { fail("task: \(e)") } }
    let block = first + UInt64(taskCount)
    let domain = simulator.genesis.resolverDomain
    var pairs = [(op: Address, key: PrivateKey, slot: StateSlot)]()
    for slot in slots { for r in responders { pairs.append((r.op, r.key, slot)) } }
    let work = pairs
    var signatures = [[UInt8]](repeating: [], count: work.count)
    signatures.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: cores) { c in
            var i = c
            while i < work.count {
                out[i] = work[i].key.sign(digest: work[i].slot.claim(7).digest(domain: domain)).bytes
                i += cores
            }
        }
    }
    for (pair, signature) in zip(pairs, signatures) {
        responses.append(Action(.respondToTask(taskId: pair.slot.claim(.zero).taskId, value: 7, signature: signature),
                                chainId: 1, blockNumber: block, timestamp: 1_800_000_100, sender: pair.op))
    }
    print("ledger: \(engine.log.head.sequence) events, \(responders.count) registered operators, \(taskCount) tasks, \(responses.count) signed responses to submit")
} catch { fail("setup: \(error)") }
do {
    try FileManager.default.copyItem(atPath: ledgerA, toPath: ledgerB)
    try FileManager.default.copyItem(atPath: ledgerA, toPath: ledgerC)
} catch { fail("copy: \(error)") }

// MARK: 2. The ceiling: raw libsecp256k1

let cRate = rawCRecoveryRate(count: 20_000)
let ceiling = cRate * Double(cores)

// MARK: 3. One action per durable write

let baselineActions = Array(responses.prefix(baselineCount))
let baselineRate: Double = {
    do {
        let engine = try Engine(directory: ledgerB)
        let t0 = now()
        for action in baselineActions { try engine.submit(action) }
        return Double(baselineActions.count) / (Double(now() - t0) / 1e9)
    } catch { fail("baseline: \(error)") }
}()

// MARK: 4. The Ingestor, S concurrent submitters

/// CPU seconds this process has used (user + system, every thread).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6
}

/// The plain C pipeline's rate (tools/ingest-bench-c) with the same submitters and actions.
func cPipelineRate(actions: Int) -> (rate: Double, groups: Int, cores: Double)? {
    guard let tool = option("--c-pipeline") else { return nil }
    let dir = work + "/c-pipeline"
    try? FileManager.default.removeItem(atPath: dir)
    do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch { fail("c-pipeline dir: \(error)") }
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = [dir, "\(submitters)", "\(actions)", "\(cores)"]
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch { fail("cannot run \(tool): \(error)") }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
    guard process.terminationStatus == 0, fields.count >= 6, fields[0] == "ingest",
        let rate = Double(fields[1]), let groups = Int(fields[3]), let busy = Double(fields[5])
    else { fail("ingest-bench-c failed (status \(process.terminationStatus))") }
    return (rate, groups, busy)
}

let cBefore = cPipelineRate(actions: responses.count)

let pipeline: (rate: Double, p50: Double, p99: Double, groups: UInt64, refused: Int, commitMs: Double, seconds: Double, cores: Double) = await {
    let engine: Engine
    do { engine = try Engine(directory: ledgerA) } catch { fail("open: \(error)") }
    let ingestor = Ingestor(engine: engine)
    let all = responses
    let cpu0 = cpuSeconds()
    let t0 = now()
    let (latencies, refused) = await withTaskGroup(of: ([UInt64], Int).self) { group in
        for s in 0..<submitters {
            group.addTask {
                var latencies = [UInt64]()
                var refused = 0
                var i = s
                while i < all.count {
                    let start = now()
                    if case .failure = await ingestor.submit([all[i]])[0] { refused += 1 }
                    latencies.append(now() - start)
                    i += submitters
                }
                return (latencies, refused)
            }
        }
        var latencies = [UInt64]()
        var refused = 0
        for await (l, r) in group { latencies += l; refused += r }
        return (latencies.sorted(), refused)
    }
    let seconds = Double(now() - t0) / 1e9
    let busy = (cpuSeconds() - cpu0) / seconds
    let stats = ingestor.statistics()
    await ingestor.shutdown()
    return (Double(all.count) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), stats.groups, refused,
            stats.commitSecondsSum * 1e3 / Double(max(stats.groups, 1)), seconds, busy)
}()
if pipeline.refused > 0 { fail("\(pipeline.refused) responses refused") }
let cAfter = cPipelineRate(actions: responses.count)

print("")
print("| measurement | value | target |")
print("|---|---|---|")
print("| raw libsecp256k1 recover + address, 1 core | \(Int(cRate)) /s | |")
print("| × \(cores) cores: the ceiling | \(Int(ceiling)) /s | |")
print("| one action per durable write (`Engine.submit`, one thread, \(baselineActions.count) responses) | \(Int(baselineRate)) /s | |")
print("| `Ingestor`, \(submitters) submitters of single signed responses, durable (\(responses.count)) | \(Int(pipeline.rate)) /s | ≥ 10 000 /s |")
print("| latency p50 / p99 | \(String(format: "%.2f", pipeline.p50)) ms / \(String(format: "%.2f", pipeline.p99)) ms | |")
print("| groups (one write + fsync each), mean size | \(pipeline.groups), \(String(format: "%.1f", Double(responses.count) / Double(max(pipeline.groups, 1)))) | |")
print("| mean durable write (append + fsync) per group; share of the run spent writing | \(String(format: "%.2f", pipeline.commitMs)) ms; \(Int(pipeline.commitMs * Double(pipeline.groups) / 10 / pipeline.seconds)) % | |")
print("| CPU busy during the run (user + system, of \(cores) cores) | \(String(format: "%.2f", pipeline.cores)) cores; \(Int(pipeline.cores * 1e6 / pipeline.rate)) µs per action, of which recovery \(Int(1e6 / cRate)) µs | |")
print("| ratio to the ceiling | \(String(format: "%.2f", pipeline.rate / ceiling))× | ≥ 0.8× |")
print("| ratio to one action per write | \(String(format: "%.1f", pipeline.rate / baselineRate))× | |")
if let cBefore, let cAfter {
    let c = (cBefore.rate + cAfter.rate) / 2
    print("")
    print("| the same closed loop in plain C (tools/ingest-bench-c: \(submitters) in flight, recovery on \(cores) threads, one writer, durable LMDB groups with the hash chain) | value |")
    print("|---|---|")
    for (name, run) in [("before", cBefore), ("after", cAfter)] {
        print("| C pipeline \(name) the Ingestor | \(Int(run.rate)) /s (groups of \(String(format: "%.1f", Double(responses.count) / Double(max(run.groups, 1)))), \(String(format: "%.2f", run.cores)) cores busy) |")
    }
    print("| C pipeline, mean; its ratio to the ceiling | \(Int(c)) /s; \(String(format: "%.2f", c / ceiling))× |")
    print("| Ingestor / C pipeline | **\(String(format: "%.2f", pipeline.rate / c))×** |")
}

// MARK: 4b. The same over HTTP: serve + wrk

if let tool = option("--http") {
    let seconds = option("--http-seconds").flatMap(Int.init) ?? 4
    let actionsFile = work + "/responses.jsonl"
    var text = ""
    for action in responses {
        guard case .respondToTask(let taskId, let value, let signature) = action.event else { continue }
        text += #"{"kind":"respond-to-task","chainId":"1","blockNumber":"\#(action.blockNumber)","timestamp":"\#(action.timestamp)","sender":"\#(action.sender)","fields":{"taskId":"\#(taskId)","value":"\#(value)","signature":"\#(Hex.encode(signature))"}}"# + "\n"
    }
    let token = "ingest-bench-token"
    let script = work + "/post.lua"
    do {
        try text.write(toFile: actionsFile, atomically: true, encoding: .utf8)
        try token.write(toFile: work + "/token", atomically: true, encoding: .utf8)
        try """
        -- Each wrk thread posts its own share of the signed responses, one per request, once each.
        local threads = {}
        function setup(thread) thread:set("tid", #threads); table.insert(threads, thread) end
        function init(args)
          lines, i, posts, other = {}, 0, 0, 0
          local n, k = tonumber(args[2]), 0
          for line in io.lines(args[1]) do
            if k % n == tid then lines[#lines + 1] = line end
            k = k + 1
          end
        end
        function request()
          i = i + 1
          if i > #lines then return wrk.format("GET", "/healthz") end
          return wrk.format("POST", "/v1/actions", {["Authorization"] = "Bearer \(token)", ["Content-Type"] = "application/json"}, lines[i])
        end
        function response(status, headers, body)
          if status == 200 and string.sub(body, 1, 8) == '{"line":' then posts = posts + 1 else other = other + 1 end
        end
        function done(summary, latency, requests)
          local posts = 0
          for _, t in ipairs(threads) do posts = posts + t:get("posts") end
          io.write(string.format("wrk: posts %d\\n", posts))
          io.write(string.format("wrk: p50 %.3f ms, p99 %.3f ms\\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
        end
        """.write(toFile: script, atomically: true, encoding: .utf8)
    } catch { fail("http files: \(error)") }
    let server = Process()
    server.executableURL = URL(fileURLWithPath: tool)
    server.arguments = ["serve", "--ledger", ledgerC, "--listen", "127.0.0.1:0", "--token-file", work + "/token"]
    let serverOut = Pipe()
    server.standardOutput = serverOut
    server.standardError = FileHandle.nullDevice
    do { try server.run() } catch { fail("serve: \(error)") }
    var line = Data()
    while !line.contains(0x0A) {
        let chunk = serverOut.fileHandleForReading.availableData
        if chunk.isEmpty { fail("serve did not start") }
        line += chunk
    }
    let address = String(decoding: line, as: UTF8.self).split(separator: "\n")[0].split(separator: " ").last.map(String.init) ?? ""
    let wrk = Process()
    wrk.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    wrk.arguments = ["-t", "\(cores)", "-c", "\(submitters)", "-d", "\(seconds)s", "--latency", "-s", script,
                     "http://\(address)", "--", actionsFile, "\(cores)"]
    let wrkOut = Pipe()
    wrk.standardOutput = wrkOut
    let t0 = now()
    do { try wrk.run() } catch { fail("wrk: \(error)") }
    let report = String(decoding: wrkOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    wrk.waitUntilExit()
    let elapsed = Double(now() - t0) / 1e9
    server.terminate()
    server.waitUntilExit()
    let appended = report.split(separator: "\n").first { $0.hasPrefix("wrk: posts ") }
        .flatMap { Int($0.dropFirst("wrk: posts ".count)) } ?? 0
    let rate = Double(appended) / Double(seconds)
    let percentiles = report.split(separator: "\n").first { $0.hasPrefix("wrk: p50") }.map(String.init) ?? "?"
    if appended == 0 { print(report) }
    if appended >= responses.count { print("warning: wrk posted every response before \(seconds) s ended; use more --tasks") }
    print("")
    print("| over HTTP on loopback (serve + wrk, \(submitters) connections, \(cores) threads, \(seconds) s, \(String(format: "%.1f", elapsed)) s wall) | value |")
    print("|---|---|")
    print("| responses appended | \(appended) |")
    print("| throughput | \(Int(rate)) /s |")
    print("| latency (wrk, every request) | \(percentiles.dropFirst(5)) |")
    print("| ratio to in-process | \(String(format: "%.2f", rate / pipeline.rate))× |")
}

// MARK: 5. simulate, with and without group commit

if simulateEvents > 0 {
    func simulate(groupCommit: Bool) -> (events: UInt64, seconds: Double, head: Word, signed: Int) {
        var o = benchmarkSimulationOptions(events: simulateEvents)
        o.groupCommit = groupCommit
        let path = work + "/simulate-\(groupCommit)"
        do {
            let engine = try Engine(directory: path)
            var s = Simulator(options: o)
            let t0 = now()
            try s.run(into: engine)
            let seconds = Double(now() - t0) / 1e9
            defer { try? FileManager.default.removeItem(atPath: path) }
            // Every response and registration was signed once and recovered once.
            var signed = 0
            let kinds: Set<UInt16> = [EventKind.respondToTask.rawValue, EventKind.registerOperator.rawValue]
            try engine.log.scan { envelope in
                if kinds.contains(envelope.record.kind) { signed += 1 }
                return true
            }
            return (engine.log.head.sequence, seconds, engine.log.head.hash, signed)
        } catch { fail("simulate: \(error)") }
    }
    let grouped = simulate(groupCommit: true)
    let single = simulate(groupCommit: false)
    if grouped.head != single.head { fail("the two simulations wrote different logs") }
    print("")
    print("| simulate (seed 2026, 64 operators, 3 chains, 400 tasks per epoch, durable) | events | seconds | events/s |")
    print("|---|---|---|---|")
    print("| one action per durable write, one thread | \(single.events) | \(String(format: "%.1f", single.seconds)) | \(Int(Double(single.events) / single.seconds)) |")
    print("| group commit, signing and recovery on \(cores) cores | \(grouped.events) | \(String(format: "%.1f", grouped.seconds)) | \(Int(Double(grouped.events) / grouped.seconds)) |")
    print("| ratio (target ≥ 10×) | | | \(String(format: "%.1f", single.seconds / grouped.seconds))× |")
    // The crypto alone on every core: each signed event signed once and recovered once, at raw C rates.
    let signRate = rawCSignRate(count: 5_000), recoverRate = rawCRecoveryRate(count: 5_000)
    let floor = Double(grouped.signed) * (1 / signRate + 1 / recoverRate) / Double(cores)
    print("")
    print("| the crypto floor of simulate (raw C, measured now) | value |")
    print("|---|---|")
    print("| signed events (responses, registrations), each signed and recovered once | \(grouped.signed) |")
    print("| raw libsecp256k1 sign / recover + address, 1 core | \(Int(signRate)) /s / \(Int(recoverRate)) /s |")
    print("| that crypto alone on \(cores) cores, nothing else | \(String(format: "%.1f", floor)) s |")
    print("| one action per write / the floor: the ratio if group commit cost nothing but the crypto | \(String(format: "%.1f", single.seconds / floor))× |")
    print("| group commit / the floor | \(String(format: "%.2f", grouped.seconds / floor))× |")
}

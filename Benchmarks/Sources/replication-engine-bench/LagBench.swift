import BenchSupport
import EventLog
import Foundation
import Replication
import SpottedLedger
import Synchronization

/// What the follower-lag run measured.
struct LagResult {
    /// Lag of each entry in ms: the follower's local append minus the writer's acknowledgement.
    var lagMilliseconds: [Double]
    /// Lag in entries, sampled every 5 ms: writer's acknowledged head minus the follower's head.
    var lagEntries: [Double]
    /// Actions per second the writer committed, and the run's seconds.
    var rate: Double
    var seconds: Double
    /// Entries written.
    var count: Int
}

/// What the follower's thread and the lag sampler share with the run.
final class FollowerShared: @unchecked Sendable {
    /// The follower engine (only the follower's thread touches it while it runs).
    let engine: Engine
    /// The follower's head, the stop flag, and (last sequence, time) after each applied batch.
    let head = Atomic<UInt64>(0)
    let stop = Atomic<Bool>(false)
    let applied = Mutex<[(UInt64, UInt64)]>([])
    /// Lag samples in entries, and the two threads' ends.
    let samples = Mutex<[Double]>([])
    let done = DispatchSemaphore(value: 0)

    /// Shares `engine`.
    init(_ engine: Engine) { self.engine = engine }
}

/// The follower's loop on its own thread: read up to 1 000 entries after its head (waiting at
/// most 100 ms), apply them (checked, reduced, appended with fsync), note the time of each batch.
func startFollower(_ shared: FollowerShared, log: JetStreamLog) {
    Thread {
        while !shared.stop.load(ordering: .acquiring) {
            let from = shared.engine.log.head.sequence + 1
            do {
                let batch = try log.read(from: from, limit: 1000, timeoutMilliseconds: 100)
                guard !batch.isEmpty else { continue }
                try shared.engine.applyReplicated(batch)
            } catch { fail("follower at \(from): \(error)") }
            let last = shared.engine.log.head.sequence
            let time = now()
            shared.applied.withLock { $0.append((last, time)) }
            shared.head.store(last, ordering: .releasing)
        }
        shared.done.signal()
    }.start()
}

/// Samples the writer's acknowledged head minus the follower's head every 5 ms until stopped.
func startSampler(_ shared: FollowerShared, writer: TimedLog) {
    Thread {
        while !shared.stop.load(ordering: .acquiring) {
            let lag = Double(writer.acknowledgedHead.load(ordering: .acquiring))
                - Double(shared.head.load(ordering: .acquiring))
            shared.samples.withLock { $0.append(lag) }
            usleep(5_000)
        }
        shared.done.signal()
    }.start()
}

/// A writer (Ingestor, `startWriting` on stream LAG) committing `actions` at `rate` per second
/// and a follower in this process on its own connection; returns the lag figures.
func runLag(
    _ actions: [Action], rate: Double, urls: [String], connection: NATSConnection, work: String
) async -> LagResult {
    let stream = StreamConfiguration(name: "LAG\(Int(rate))")
    let timed = TimedLog(JetStreamLog(connection: connection, stream: stream))
    let writer: Engine
    let shared: FollowerShared
    let followerLog: JetStreamLog
    do {
        _ = try JetStreamAPI(connection: connection).ensureStream(stream)
        writer = try Engine(directory: work + "/lag-writer-\(Int(rate))")
        try writer.startWriting(to: timed)
        followerLog = try JetStreamLog.open(urls: urls, stream: stream, createIfMissing: false)
        shared = FollowerShared(try Engine(directory: work + "/lag-follower-\(Int(rate))"))
        shared.engine.follow(followerLog)
    } catch { fail("lag setup: \(error)") }
    startFollower(shared, log: followerLog)
    startSampler(shared, writer: timed)
    let ingestor = Ingestor(engine: writer)
    let seconds = await paceWriter(ingestor, actions, rate: rate)
    await ingestor.shutdown()
    let deadline = now() + 60_000_000_000
    while shared.head.load(ordering: .acquiring) < UInt64(actions.count), now() < deadline { usleep(1_000) }
    shared.stop.store(true, ordering: .releasing)
    shared.done.wait()
    shared.done.wait()
    guard shared.engine.log.head.hash == writer.log.head.hash else { fail("the follower's chain differs") }
    let acks = timesPerEntry(timed.record.withLock { $0.acks }, count: actions.count)
    let applies = timesPerEntry(shared.applied.withLock { $0 }, count: actions.count)
    let lags = zip(acks, applies).map { Double(Int64(bitPattern: $1 &- $0)) / 1e6 }
    return LagResult(
        lagMilliseconds: lags, lagEntries: shared.samples.withLock { $0 },
        rate: Double(actions.count) / seconds, seconds: seconds, count: actions.count)
}

/// Submits `actions` in order at `rate` per second: each time, every action due by now in one
/// array submission (group commit makes the group as large as the wait), then waits for it.
func paceWriter(_ ingestor: Ingestor, _ actions: [Action], rate: Double) async -> Double {
    let start = now()
    var next = 0
    while next < actions.count {
        let due = min(actions.count, Int(Double(now() - start) / 1e9 * rate) + 1)
        if due <= next {
            try? await Task.sleep(nanoseconds: 1_000_000)
            continue
        }
        for (i, result) in await ingestor.submit(Array(actions[next..<due])).enumerated() {
            if case .failure(let error) = result { fail("action \(next + i + 1): \(error)") }
        }
        next = due
    }
    return Double(now() - start) / 1e9
}

/// Per entry 1…`count`: the time of the first record whose last sequence reaches it.
func timesPerEntry(_ records: [(UInt64, UInt64)], count: Int) -> [UInt64] {
    var times = [UInt64](repeating: 0, count: count)
    var entry = 1
    for (last, time) in records {
        while entry <= count, UInt64(entry) <= last {
            times[entry - 1] = time
            entry += 1
        }
    }
    return times
}

import BenchSupport
import EventLog
import Foundation
import Replication
import SpottedLedger
import Synchronization

/// A ``ReplicatedLog`` that forwards to a `JetStreamLog` and records when each publish was
/// acknowledged and how long publishes took (the benchmark's split of a commit).
final class TimedLog: ReplicatedLog {
    /// The stream it forwards to.
    let inner: JetStreamLog
    /// Seconds spent in acknowledged publishes, their count, and (last sequence, ack time in ns).
    let record = Mutex<(seconds: Double, publishes: Int, acks: [(UInt64, UInt64)])>((0, 0, []))
    /// The last sequence acknowledged so far (read by the lag sampler).
    let acknowledgedHead = Atomic<UInt64>(0)

    /// Wraps `inner`.
    init(_ inner: JetStreamLog) { self.inner = inner }

    func lastSequence() throws(ReplicationError) -> UInt64 { try inner.lastSequence() }

    func publish(_ entries: PreparedEntries, expectedLastSequence: UInt64) throws(ReplicationError) {
        let start = now()
        try inner.publish(entries, expectedLastSequence: expectedLastSequence)
        let end = now()
        let last = entries.lastSequence ?? expectedLastSequence
        record.withLock {
            $0.seconds += Double(end - start) / 1e9
            $0.publishes += 1
            $0.acks.append((last, end))
        }
        acknowledgedHead.store(last, ordering: .releasing)
    }

    func read(from sequence: UInt64, limit: Int, timeoutMilliseconds: Int)
        throws(ReplicationError) -> [Envelope]
    {
        try inner.read(from: sequence, limit: limit, timeoutMilliseconds: timeoutMilliseconds)
    }
}

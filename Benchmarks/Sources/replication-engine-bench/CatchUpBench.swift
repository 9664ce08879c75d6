import BenchSupport
import Ethereum
import EventLog
import Foundation
import Replication
import SpottedLedger

/// Publishes every entry of `log` to `stream` in fenced groups of 1 000 through `JetStreamLog`;
/// returns the entries per second.
func seed(_ log: EventLog, into stream: StreamConfiguration, connection: NATSConnection) -> Double {
    let replicated = JetStreamLog(connection: connection, stream: stream)
    let head = log.head.sequence
    let start = now()
    var last: UInt64 = 0
    while last < head {
        do {
            let batch = try log.entries(from: last + 1, limit: 1000)
            try replicated.publish(batch, expectedLastSequence: last)
            last += UInt64(batch.count)
        } catch { fail("seed after \(last): \(error)") }
    }
    return Double(head) / (Double(now() - start) / 1e9)
}

/// A fresh follower (empty ledger at `path`) catching up from `stream` to `head` with
/// `Engine.catchUp` (reads of 1 000; each entry checked, reduced with its signature verified,
/// appended with fsync, snapshots at the epochs the policy says); returns entries per second.
func catchUpFresh(urls: [String], stream: StreamConfiguration, path: String, head: Word, count: UInt64) -> Double {
    do {
        let replicated = try JetStreamLog.open(urls: urls, stream: stream, createIfMissing: false)
        let engine = try Engine(directory: path)
        engine.follow(replicated)
        let start = now()
        while engine.log.head.sequence < count {
            let applied = try engine.catchUp(timeoutMilliseconds: 2_000)
            if applied == 0 { fail("catch-up stalled at \(engine.log.head.sequence)") }
        }
        let seconds = Double(now() - start) / 1e9
        guard engine.log.head.hash == head else { fail("the fresh follower's chain differs") }
        return Double(count) / seconds
    } catch { fail("catch-up: \(error)") }
}

/// `Engine.replay` of `log` from genesis with `signatures`; returns entries per second.
func replayRate(_ log: EventLog, signatures: SignatureReplay) -> Double {
    let start = now()
    do { _ = try Engine.replay(log, signatures: signatures) } catch { fail("replay: \(error)") }
    return Double(log.head.sequence) / (Double(now() - start) / 1e9)
}

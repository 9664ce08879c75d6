import Dispatch
import EventLog
import SpottedProtocol
import Synchronization

/// Scans and decodes log entries on a second thread, in batches, while the caller consumes them in
/// log order: reading the map and decoding overlap with reducing. At most `depth` batches wait, so
/// memory stays bounded however long the range is.
struct DecodingPipeline {
    typealias Item = (header: EntryHeader, event: ProtocolEvent)

    private struct Batch: Sendable {
        var items: [Item] = []
        /// Set on the last batch: nil when the range ended cleanly, else why the scan stopped.
        var end: EngineError?? = nil
    }

    private final class Channel: Sendable {
        let queue = Mutex<[Batch]>([])
        let filled = DispatchSemaphore(value: 0)
        let free: DispatchSemaphore
        let cancelled = Atomic<Bool>(false)
        init(depth: Int) { free = DispatchSemaphore(value: depth) }

        func push(_ batch: Batch) {
            free.wait()
            queue.withLock { $0.append(batch) }
            filled.signal()
        }

        func pop() -> Batch {
            filled.wait()
            let batch = queue.withLock { $0.removeFirst() }
            free.signal()
            return batch
        }
    }

    /// The entry `raw` at `at`, decoded; nil with `failure` set when it is not an event of this build.
    private static func decode(
        _ at: UInt64, _ raw: UnsafeRawBufferPointer, failure: inout EngineError?
    ) throws(EventLogError) -> Item? {
        let (header, payload) = try Envelope.header(of: raw, expectedSequence: at)
        do throws(EventCodec.DecodingError) {
            return (
                header,
                try EventCodec.decode(
                    kind: header.kind, schemaVersion: header.schemaVersion, payload: payload)
            )
        } catch {
            failure = .corrupt(sequence: at, reason: error.description)
            return nil
        }
    }

    /// The same as ``forEach(in:after:through:batchSize:depth:_:)``, all on the calling thread.
    static func forEachInline(
        in log: EventLog, after: UInt64, through sequence: UInt64,
        _ body: (EntryHeader, ProtocolEvent) throws(EngineError) -> Void
    ) throws(EngineError) {
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scanRaw(from: after + 1) { (at, raw) throws(EventLogError) in
                guard at <= sequence, let item = try decode(at, raw, failure: &failure) else {
                    return false
                }
                do throws(EngineError) {
                    try body(item.header, item.event)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
    }

    /// Hands every entry after `after` through `sequence` to `body`, in order. The first problem —
    /// an entry that does not decode, a log error, or `body`'s own error — is thrown, with what came
    /// before it already consumed.
    static func forEach(
        in log: EventLog, after: UInt64, through sequence: UInt64, batchSize: Int = 1_024,
        depth: Int = 4,
        _ body: (EntryHeader, ProtocolEvent) throws(EngineError) -> Void
    ) throws(EngineError) {
        let channel = Channel(depth: depth)
        DispatchQueue.global().async {
            var batch = Batch()
            batch.items.reserveCapacity(batchSize)
            var failure: EngineError?
            do throws(EventLogError) {
                try log.scanRaw(from: after + 1) { (at, raw) throws(EventLogError) in
                    guard at <= sequence, !channel.cancelled.load(ordering: .relaxed) else {
                        return false
                    }
                    guard let item = try decode(at, raw, failure: &failure) else { return false }
                    batch.items.append(item)
                    if batch.items.count == batchSize {
                        channel.push(batch)
                        batch.items.removeAll(keepingCapacity: true)
                    }
                    return true
                }
            } catch {
                failure = .log(error)
            }
            batch.end = .some(failure)
            channel.push(batch)
        }
        // Consume in order; on an error of our own, stop the scan and drain until its last batch so
        // the scanning thread is never left waiting.
        var consumerFailure: EngineError?
        while true {
            let batch = channel.pop()
            if consumerFailure == nil {
                do throws(EngineError) {
                    for item in batch.items { try body(item.header, item.event) }
                } catch {
                    consumerFailure = error
                    channel.cancelled.store(true, ordering: .relaxed)
                }
            }
            if let end = batch.end {
                if let consumerFailure { throw consumerFailure }
                if let end { throw end }
                return
            }
        }
    }
}

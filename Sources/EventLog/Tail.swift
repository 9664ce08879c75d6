import Ethereum
import Synchronization

/// Live readers waiting for appends.
struct TailSubscribers {
    var next = 0
    var continuations: [Int: AsyncStream<Void>.Continuation] = [:]
}

extension EventLog {
    /// Every entry from `from` on, then each new one as it is appended, until the consumer stops.
    /// Reads happen in short transactions between awaits; appends through this `EventLog` wake the
    /// reader at once. `pollInterval` also looks for entries appended by other processes (LMDB
    /// readers see their commits) that often; nil waits for this process's appends only.
    public func tail(from: UInt64 = 1, chunk: Int = 4_096, pollInterval: Duration? = nil)
        -> AsyncThrowingStream<Envelope, Error>
    {
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let poller = pollInterval.map { interval in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    wake.yield()
                }
            }
        }
        let id = subscribers.withLock { s in
            s.next += 1
            s.continuations[s.next] = wake
            return s.next
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                var next = max(from, 1)
                var iterator = wakeups.makeAsyncIterator()
                do {
                    while !Task.isCancelled {
                        let batch = try self.entries(from: next, limit: chunk)
                        for envelope in batch {
                            if case .terminated = continuation.yield(envelope) { return }
                            next = envelope.sequence + 1
                        }
                        if batch.count < chunk {
                            guard await iterator.next() != nil else { break }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                task.cancel()
                poller?.cancel()
                let wake = self.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
                wake?.finish()
            }
        }
    }

    func notifyTails() {
        let all = subscribers.withLock { Array($0.continuations.values) }
        for wake in all { wake.yield() }
    }
}

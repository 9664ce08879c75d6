import Dispatch
import SpottedProtocol
import Synchronization

/// Checks ``SignatureClaim``s on every core while replay goes on reducing, and reports the
/// failure with the lowest sequence. At most `2 × threads` chunks are in flight, so memory stays
/// bounded however long the log is.
struct ParallelSignatureChecker {
    /// What the workers found.
    struct Outcome: Sendable {
        var checked = 0
        var failure: (sequence: UInt64, error: ProtocolError)?
    }

    private final class Results: Sendable {
        let outcome = Mutex(Outcome())
    }

    static let chunkSize = 256
    private let results = Results()
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private var buffer: [SignatureClaim] = []

    init(threads: Int) {
        slots = DispatchSemaphore(value: 2 * max(1, threads))
        buffer.reserveCapacity(Self.chunkSize)
    }

    mutating func add(_ claim: SignatureClaim) {
        buffer.append(claim)
        if buffer.count == Self.chunkSize { dispatch() }
    }

    /// Waits for every claim handed in so far.
    mutating func finish() -> Outcome {
        dispatch()
        group.wait()
        return results.outcome.withLock { $0 }
    }

    private mutating func dispatch() {
        guard !buffer.isEmpty else { return }
        let work = buffer
        buffer.removeAll(keepingCapacity: true)
        slots.wait()
        let results = results
        let slots = slots
        DispatchQueue.global().async(group: group) {
            var failure: (sequence: UInt64, error: ProtocolError)?
            for claim in work {
                do throws(ProtocolError) { try claim.check() } catch {
                    if failure == nil { failure = (claim.sequence, error) }
                }
            }
            results.outcome.withLock { outcome in
                outcome.checked += work.count
                if let failure, outcome.failure.map({ failure.sequence < $0.sequence }) ?? true {
                    outcome.failure = failure
                }
            }
            slots.signal()
        }
    }
}

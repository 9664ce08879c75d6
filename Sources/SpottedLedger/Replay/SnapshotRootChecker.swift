import Dispatch
import Ethereum
import SpottedProtocol
import Synchronization

/// Recomputes snapshot roots on one background thread, in log order, while replay reduces. Each
/// check holds a copy of the state: copy-on-write, so replay copies only the collections it changes
/// before the check is done. At most two checks are pending, which bounds the memory to about two
/// extra states. Reports the first mismatch in log order.
final class SnapshotRootChecker: Sendable {
    struct Mismatch: Sendable {
        let sequence: UInt64
        let stored: Word
        let replayed: Word
    }

    private let queue = DispatchQueue(label: "spotted-ledger.snapshot-roots")
    private let pending = DispatchSemaphore(value: 2)
    private let group = DispatchGroup()
    private let found = Mutex<Mismatch?>(nil)

    /// Queues the check of `state` against the root stored at `sequence`; waits while two are pending.
    func check(_ state: LedgerState, at sequence: UInt64, stored: Word) {
        pending.wait()
        queue.async(group: group) { [self] in
            defer { pending.signal() }
            guard mismatch == nil else { return }  // an earlier one failed: replay is stopping
            let replayed = state.root
            if replayed != stored {
                found.withLock {
                    $0 = Mismatch(sequence: sequence, stored: stored, replayed: replayed)
                }
            }
        }
    }

    /// The first mismatch found so far (replay stops at its next snapshot).
    var mismatch: Mismatch? { found.withLock { $0 } }

    /// Waits for the pending checks; the first mismatch, if any.
    func finish() -> Mismatch? {
        group.wait()
        return mismatch
    }
}

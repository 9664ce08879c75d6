import Ethereum

extension EventLog {
    /// What ``unwind(to:)`` removed.
    public struct UnwindReport: Sendable, Equatable {
        /// The new head sequence.
        public var headSequence: UInt64
        /// The new head hash (zero for an empty log).
        public var headHash: Word
        /// Entries removed (those after the new head).
        public var removedEvents: UInt64
        /// Snapshots removed (those after the new head).
        public var removedSnapshots: Int
    }

    /// Removes every entry, snapshot and archive record after `sequence`, in one write transaction,
    /// and makes `sequence` the head (like `reth stage unwind`). The entries up to `sequence` are
    /// not touched; their chain must verify up to there. A damage mark after `sequence` is cleared.
    public func unwind(to sequence: UInt64) throws(EventLogError) -> UnwindReport {
        guard mode != .readOnly else { throw .readOnly(operation: "unwind") }
        return try writer.withLock { (state) throws(EventLogError) -> UnwindReport in
            let head = state.headSequence
            guard sequence < head else {
                return UnwindReport(
                    headSequence: head, headHash: state.headHash, removedEvents: 0,
                    removedSnapshots: 0)
            }
            let newHash = sequence == 0 ? Word.zero : try entry(sequence).hash
            let snapshots = try snapshotSequences().filter { $0 > sequence }
            try environment.write { (txn) throws(EventLogError) in
                for removed in (sequence + 1)...head {
                    try withKey(removed) { (k) throws(EventLogError) in
                        try txn.delete(logDB, key: k)
                    }
                }
                for removed in snapshots {
                    try withKey(removed) { (k) throws(EventLogError) in
                        try txn.delete(snapshotDB, key: k)
                    }
                }
                try dropArchive(after: sequence, txn)
                try dropTransactions(after: sequence, txn)
                try storeHead(sequence, newHash, txn)
            }
            state.headSequence = sequence
            state.headHash = newHash
            if let bad = state.firstBadSequence, bad > sequence { state.firstBadSequence = nil }
            return UnwindReport(
                headSequence: sequence, headHash: newHash, removedEvents: head - sequence,
                removedSnapshots: snapshots.count)
        }
    }
}

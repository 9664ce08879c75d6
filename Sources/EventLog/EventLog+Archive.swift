import Ethereum

/// The archive store: records that the state no longer holds (resolved challenges, rewards
/// submissions), kept in two named databases of the log's LMDB environment.
///
/// - `archive`: u64 big-endian sequence of the event that finalized the record →
///   `u8 key length ‖ key ‖ record bytes`. At most one record per event.
/// - `archive-index`: record key (e.g. `0x01 ‖ challenge id`) → u64 big-endian sequence.
/// - `meta["archive-through"]`: u64 big-endian; every record finalized at or below it is stored.
///
/// Records past the log head never exist: ``unwind(to:)`` drops them with the entries. The log
/// stays the truth: a ledger whose `archive-through` is behind its head (written by an older
/// build, or appended to without records) is repaired by the engine on open from a replay.
extension EventLog {
    /// One archived record as the store keeps it.
    public struct ArchiveEntry: Hashable, Sendable {
        /// The sequence of the event that finalized the record (one record per event at most).
        public var sequence: UInt64
        /// The key it is found by (at most ``maxArchiveKeyBytes`` bytes).
        public var key: [UInt8]
        /// The record's bytes, opaque to the log.
        public var bytes: [UInt8]
        /// An entry with every field given.
        public init(sequence: UInt64, key: [UInt8], bytes: [UInt8]) {
            self.sequence = sequence
            self.key = key
            self.bytes = bytes
        }
    }

    /// The longest key an archive entry may have, in bytes.
    public static let maxArchiveKeyBytes = 255

    static let archiveThroughKey = Array("archive-through".utf8)

    /// Appends `records` as ``append(_:)`` does and stores `archive` — the records those events
    /// finalized — in the same write transaction, so entries and records are durable together.
    /// Each entry's sequence must be one of this batch's.
    @discardableResult
    public func append(_ records: [EventRecord], archive: [ArchiveEntry]) throws(EventLogError)
        -> [Envelope]
    {
        try append(records, archiveEntries: archive)
    }

    /// The sequence through which every archived record is stored (0 for a ledger without an
    /// archive store).
    public func archiveThrough() throws(EventLogError) -> UInt64 {
        guard archiveDB != nil else { return 0 }
        return try environment.read { (txn) throws(EventLogError) -> UInt64 in
            try storedArchiveThrough(txn)
        }
    }

    /// Stores `entries` (idempotently: a record already stored is rewritten with the same bytes)
    /// and records that the archive is complete through `sequence`: the repair of a store that is
    /// behind the log, after a replay re-derived the records in (``archiveThrough()``, `sequence`].
    public func storeArchive(_ entries: [ArchiveEntry], through sequence: UInt64)
        throws(EventLogError)
    {
        guard mode != .readOnly else { throw .readOnly(operation: "store archive records") }
        try writer.withLock { (state) throws(EventLogError) in
            precondition(sequence <= state.headSequence, "archive records past the log head")
            precondition(entries.allSatisfy { $0.sequence <= sequence }, "records past `through`")
            try environment.write { (txn) throws(EventLogError) in
                try putArchive(entries, txn)
                try storeArchiveThrough(sequence, txn)
            }
        }
    }

    /// The record stored under `key`, if any.
    public func archiveEntry(key: [UInt8]) throws(EventLogError) -> ArchiveEntry? {
        guard let archiveDB, let archiveIndexDB else { return nil }
        return try environment.read { (txn) throws(EventLogError) -> ArchiveEntry? in
            let found = try withBytes(key) { (k) throws(EventLogError) in
                try txn.get(archiveIndexDB, key: k)
            }
            guard let found, found.count == 8 else { return nil }
            let sequence = UInt64(bigEndian: found.loadUnaligned(as: UInt64.self))
            let value = try withKey(sequence) { (k) throws(EventLogError) in
                try txn.get(archiveDB, key: k)
            }
            guard let value else { return nil }
            return try Self.archiveEntry(sequence, value)
        }
    }

    /// The records finalized in `range`, in log order.
    ///
    /// The records were written with their entries, so their pages lie all over the file, and
    /// each one read would map its neighbourhood too: they are read ``archiveChunkRecords`` at a
    /// time, and this process's mapping of each chunk's pages is dropped once it is copied out (as
    /// long scans do), so reading the whole archive leaves the resident set flat.
    public func archiveEntries(in range: ClosedRange<UInt64>) throws(EventLogError)
        -> [ArchiveEntry]
    {
        guard let archiveDB else { return [] }
        var out = [ArchiveEntry]()
        var next = range.lowerBound
        while true {
            var lowest = UInt.max
            var highest: UInt = 0
            var seen = 0
            var done = false
            try environment.read { (txn) throws(EventLogError) in
                try withKey(next) { (start) throws(EventLogError) in
                    try txn.scan(archiveDB, from: start) { (k, v) throws(EventLogError) in
                        let sequence = UInt64(bigEndian: k.loadUnaligned(as: UInt64.self))
                        guard sequence <= range.upperBound, sequence < .max else {
                            done = true
                            return false
                        }
                        if let base = v.baseAddress {
                            lowest = min(lowest, UInt(bitPattern: base))
                            highest = max(highest, UInt(bitPattern: base) + UInt(v.count))
                        }
                        out.append(try Self.archiveEntry(sequence, v))
                        next = sequence + 1
                        seen += 1
                        return seen < Self.archiveChunkRecords
                    }
                }
            }
            environment.releaseMappedPages(lowest: lowest, highest: highest)
            if done || seen < Self.archiveChunkRecords { return out }
        }
    }

    /// Archive records read per read transaction by ``archiveEntries(in:)``.
    static let archiveChunkRecords = 16

    /// Decodes a stored value: `u8 key length ‖ key ‖ bytes`.
    static func archiveEntry(_ sequence: UInt64, _ value: UnsafeRawBufferPointer)
        throws(EventLogError) -> ArchiveEntry
    {
        guard let length = value.first.map(Int.init), value.count > length else {
            throw .undecodable(sequence: sequence, reason: "archive record shorter than its key")
        }
        return ArchiveEntry(
            sequence: sequence, key: Array(value[1..<(1 + length)]),
            bytes: Array(value[(1 + length)...]))
    }

    /// Puts the archive records (if any are given) of the `count` entries appended after
    /// `sequence` — each finalized by one of them — and moves `archive-through` to the batch's end
    /// if it was at its start: part of the append's transaction.
    func putArchive(
        _ entries: [ArchiveEntry]?, appendedAfter sequence: UInt64, count: Int,
        _ txn: borrowing LMDBTransaction
    ) throws(EventLogError) {
        guard let entries else { return }
        let batch = (sequence + 1)...(sequence + UInt64(count))
        precondition(
            entries.allSatisfy { batch.contains($0.sequence) },
            "archive records belong to the batch")
        try putArchive(entries, txn)
        if try storedArchiveThrough(txn) == sequence {
            try storeArchiveThrough(batch.upperBound, txn)
        }
    }

    /// Puts `entries` and their index keys.
    func putArchive(_ entries: [ArchiveEntry], _ txn: borrowing LMDBTransaction)
        throws(EventLogError)
    {
        guard let archiveDB, let archiveIndexDB else {
            throw .readOnly(operation: "store archive records (no archive database)")
        }
        for entry in entries {
            precondition(entry.key.count <= Self.maxArchiveKeyBytes, "archive key too long")
            let value = [UInt8(entry.key.count)] + entry.key + entry.bytes
            try withKey(entry.sequence) { (k) throws(EventLogError) in
                try withBytes(value) { (v) throws(EventLogError) in
                    try txn.put(archiveDB, key: k, value: v)
                }
                try withBytes(entry.key) { (indexKey) throws(EventLogError) in
                    try txn.put(archiveIndexDB, key: indexKey, value: k)
                }
            }
        }
    }

    /// Removes every record finalized after `sequence` (and its index key), and lowers
    /// `archive-through` to `sequence` if it is above: part of ``unwind(to:)``'s transaction.
    func dropArchive(after sequence: UInt64, _ txn: borrowing LMDBTransaction)
        throws(EventLogError)
    {
        guard let archiveDB, let archiveIndexDB else { return }
        var removed = [(sequence: UInt64, key: [UInt8])]()
        try withKey(sequence &+ 1) { (start) throws(EventLogError) in
            guard sequence < .max else { return }
            try txn.scan(archiveDB, from: start) { (k, v) throws(EventLogError) in
                let at = UInt64(bigEndian: k.loadUnaligned(as: UInt64.self))
                removed.append((at, try Self.archiveEntry(at, v).key))
                return true
            }
        }
        for entry in removed {
            try withKey(entry.sequence) { (k) throws(EventLogError) in
                try txn.delete(archiveDB, key: k)
            }
            try withBytes(entry.key) { (k) throws(EventLogError) in
                try txn.delete(archiveIndexDB, key: k)
            }
        }
        if try storedArchiveThrough(txn) > sequence { try storeArchiveThrough(sequence, txn) }
    }

    /// `meta["archive-through"]`, 0 when absent.
    func storedArchiveThrough(_ txn: borrowing LMDBTransaction) throws(EventLogError) -> UInt64 {
        let raw = try withBytes(Self.archiveThroughKey) { (k) throws(EventLogError) in
            try txn.get(metaDB, key: k)
        }
        guard let raw, raw.count == 8 else { return 0 }
        return UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self))
    }

    /// Sets `meta["archive-through"]`.
    func storeArchiveThrough(_ sequence: UInt64, _ txn: borrowing LMDBTransaction)
        throws(EventLogError)
    {
        try withBytes(Self.archiveThroughKey) { (k) throws(EventLogError) in
            try withKey(sequence) { (v) throws(EventLogError) in
                try txn.put(metaDB, key: k, value: v)
            }
        }
    }
}

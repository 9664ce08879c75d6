import Ethereum

/// An encoded state stored at a log position, with its state root and the reducer version that
/// produced it (a snapshot of another version is ignored by replay).
public struct Snapshot: Hashable, Sendable {
    /// The log sequence the state was taken at.
    public var sequence: UInt64
    /// The state root of the snapshot's state.
    public var root: Word
    /// The reducer version that produced the state.
    public var reducerVersion: UInt32
    /// The encoded state.
    public var data: [UInt8]
    /// A snapshot with every field given.
    public init(sequence: UInt64, root: Word, reducerVersion: UInt32, data: [UInt8]) {
        self.sequence = sequence
        self.root = root
        self.reducerVersion = reducerVersion
        self.data = data
    }
}

extension EventLog {
    /// Stores `snapshot` (replacing one at the same sequence). Layout: u32 version ‖ 32 root ‖ data.
    public func storeSnapshot(_ snapshot: Snapshot) throws(EventLogError) {
        guard mode != .readOnly else { throw .readOnly(operation: "store a snapshot") }
        var value = withUnsafeBytes(of: snapshot.reducerVersion.bigEndian) { Array($0) }
        snapshot.root.append(to: &value)
        value += snapshot.data
        try environment.write { (txn) throws(EventLogError) in
            try withKey(snapshot.sequence) { (k) throws(EventLogError) in
                try withBytes(value) { (v) throws(EventLogError) in
                    try txn.put(snapshotDB, key: k, value: v)
                }
            }
        }
    }

    /// The newest snapshot at or below `sequence` (of `reducerVersion`, when given).
    public func latestSnapshot(atOrBelow sequence: UInt64, reducerVersion: UInt32? = nil)
        throws(EventLogError) -> Snapshot?
    {
        try environment.read { (txn) throws(EventLogError) -> Snapshot? in
            var found: Snapshot?
            try withKey(sequence) { (k) throws(EventLogError) in
                try txn.scan(snapshotDB, from: k, reverse: true) {
                    (rawKey, value) throws(EventLogError) in
                    let at = UInt64(bigEndian: rawKey.loadUnaligned(as: UInt64.self))
                    guard at <= sequence, value.count >= 36 else { return true }
                    let version = UInt32(bigEndian: value.loadUnaligned(as: UInt32.self))
                    if let wanted = reducerVersion, version != wanted { return true }
                    found = Snapshot(
                        sequence: at, root: Word(loading: value, at: 4), reducerVersion: version,
                        data: Array(value[36...]))
                    return false
                }
            }
            return found
        }
    }

    /// The sequence, root and data size of every snapshot in `range` (of `reducerVersion`, when
    /// given), ascending. Reads only the snapshots in the range, and of those only their headers.
    public func snapshotRoots(
        reducerVersion: UInt32? = nil, in range: ClosedRange<UInt64> = 0...UInt64.max
    )
        throws(EventLogError) -> [(sequence: UInt64, root: Word, size: Int)]
    {
        try snapshotHeaders(
            reducerVersion: reducerVersion, in: range, newestFirst: false, limit: .max)
    }

    /// The newest snapshot's sequence, root and data size (of `reducerVersion`, when given).
    public func newestSnapshotRoot(reducerVersion: UInt32? = nil) throws(EventLogError) -> (
        sequence: UInt64, root: Word, size: Int
    )? {
        try snapshotHeaders(
            reducerVersion: reducerVersion, in: 0...UInt64.max, newestFirst: true, limit: 1
        ).first
    }

    private func snapshotHeaders(
        reducerVersion: UInt32?, in range: ClosedRange<UInt64>, newestFirst: Bool, limit: Int
    )
        throws(EventLogError) -> [(sequence: UInt64, root: Word, size: Int)]
    {
        try environment.read {
            (txn) throws(EventLogError) -> [(sequence: UInt64, root: Word, size: Int)] in
            var out = [(sequence: UInt64, root: Word, size: Int)]()
            try withKey(newestFirst ? range.upperBound : range.lowerBound) {
                (k) throws(EventLogError) in
                try txn.scan(snapshotDB, from: k, reverse: newestFirst) {
                    (rawKey, value) throws(EventLogError) in
                    let at = UInt64(bigEndian: rawKey.loadUnaligned(as: UInt64.self))
                    guard range.contains(at) else { return false }  // before reading the value
                    guard value.count >= 36 else { return true }
                    if let wanted = reducerVersion,
                        UInt32(bigEndian: value.loadUnaligned(as: UInt32.self)) != wanted
                    {
                        return true
                    }
                    out.append((at, Word(loading: value, at: 4), value.count - 36))
                    return out.count < limit
                }
            }
            return out
        }
    }

    /// Sequences that have a snapshot, ascending.
    public func snapshotSequences() throws(EventLogError) -> [UInt64] {
        try environment.read { (txn) throws(EventLogError) -> [UInt64] in
            var out = [UInt64]()
            try txn.scan(snapshotDB, from: nil) { (k, _) throws(EventLogError) in
                out.append(UInt64(bigEndian: k.loadUnaligned(as: UInt64.self)))
                return true
            }
            return out
        }
    }
}

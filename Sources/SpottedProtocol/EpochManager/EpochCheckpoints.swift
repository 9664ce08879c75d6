/// A value history tagged by the epoch it takes effect in (spec §8, DESIGN "checkpoints").
///
/// `value(at: e)` is the last write tagged ≤ e (or `nil`); a second write with the same tag
/// overwrites the first (D4). Tags never decrease. Each entry keeps the log sequence number that
/// wrote it, so a diff or an audit can name the event behind a value.
public struct EpochCheckpoints<Value: Hashable & Sendable>: Hashable, Sendable {
    /// One write: its tag, its value and the log sequence of the event that wrote it.
    public struct Entry: Hashable, Sendable {
        /// The epoch the value takes effect in.
        public let epoch: UInt32
        /// The value written.
        public let value: Value
        /// The log sequence number of the event that wrote it.
        public let sequence: UInt64
        /// Creates an entry from its three fields.
        public init(epoch: UInt32, value: Value, sequence: UInt64) {
            self.epoch = epoch
            self.value = value
            self.sequence = sequence
        }
    }

    /// Every write, in tag order (one per tag).
    public private(set) var entries: [Entry] = []

    /// An empty history.
    public init() {}

    /// A history from entries in tag order (as decoded from a snapshot).
    init(entries: [Entry]) { self.entries = entries }

    /// Records `value` effective from `epoch`. The caller guarantees tags never decrease.
    public mutating func push(_ value: Value, epoch: UInt32, sequence: UInt64) {
        precondition(
            entries.last.map { $0.epoch <= epoch } ?? true, "checkpoint tags never decrease")
        let entry = Entry(epoch: epoch, value: value, sequence: sequence)
        if let last = entries.last, last.epoch == epoch {
            entries[entries.count - 1] = entry
        } else {
            entries.append(entry)
        }
    }

    /// The newest value, whatever its tag (`latest()` in the contracts).
    public var latest: Value? { entries.last?.value }

    /// The entry in force at `epoch`: the last one tagged ≤ `epoch`.
    public func entry(at epoch: UInt32) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].epoch <= epoch { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
    }

    /// The value in force at `epoch` (`getAtEpoch` in the contracts), `nil` before the first write.
    public func value(at epoch: UInt32) -> Value? { entry(at: epoch)?.value }
}

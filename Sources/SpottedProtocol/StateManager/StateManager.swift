import Ethereum

/// One StateManager write: `History { value, blockNumber, timestamp }`.
public struct History: Hashable, Sendable {
    /// The value written.
    public var value: UInt256
    /// The block it was written at.
    public var blockNumber: UInt64
    /// The block's timestamp, in seconds.
    public var timestamp: UInt64
    /// The log sequence of the write.
    public var sequence: UInt64
}

/// Whose history: a user's key on a chain.
public struct HistoryKey: Hashable, Comparable, Sendable {
    /// The chain the StateManager is on.
    public var chainId: UInt64
    /// The user who wrote.
    public var user: Address
    /// The key written.
    public var key: UInt256
    /// The history of `user`'s `key` on `chainId`.
    public init(chainId: UInt64, user: Address, key: UInt256) {
        self.chainId = chainId
        self.user = user
        self.key = key
    }
    /// Ordered by chain, user, key.
    public static func < (a: Self, b: Self) -> Bool {
        (a.chainId, a.user, a.key) < (b.chainId, b.user, b.key)
    }
}

/// The StateManager on every chain (spec §11): append-only histories and their queries, with the
/// contract's edge cases (including `_bs` returning 0 both for "entry 0" and "none").
public struct StateManager: Hashable, Sendable {
    /// Every history, by (chain, user, key).
    public internal(set) var histories: [HistoryKey: [History]] = [:]

    /// No writes yet.
    public init() {}
}

extension StateManager {

    /// The whole history of `key`; `NoHistoryFound` when empty.
    func history(_ key: HistoryKey) throws(ProtocolError) -> [History] {
        guard let h = histories[key], !h.isEmpty else { throw .stateManager(.noHistoryFound) }
        return h
    }

    /// `_bs`: the index of the last entry with blockNumber ≤ `block`, or 0 when there is none.
    static func lastAtOrBefore(_ h: [History], _ block: UInt64) -> Int {
        var low = 0
        var high = h.count
        while low < high {
            let mid = (low + high) / 2
            if h[mid].blockNumber <= block { low = mid + 1 } else { high = mid }
        }
        return max(low - 1, 0)
    }

    /// `getHistoryAtBlock`: the latest write at or before `block`.
    public func historyAtBlock(_ key: HistoryKey, block: UInt64) throws(ProtocolError) -> History {
        let h = try history(key)
        let i = Self.lastAtOrBefore(h, block)
        guard h[i].blockNumber <= block else { throw .stateManager(.blockNotFound(block: block)) }
        return h[i]
    }

    /// `getHistoryBetweenBlockNumbers(from, to)`.
    public func historyBetween(_ key: HistoryKey, from: UInt64, to: UInt64) throws(ProtocolError)
        -> [History]
    {
        guard from < to else { throw .stateManager(.invalidBlockRange(from: from, to: to)) }
        let h = try history(key)
        var start = Self.lastAtOrBefore(h, from)
        if h[start].blockNumber < from && start < h.count - 1 { start += 1 }
        let end = Self.lastAtOrBefore(h, to)
        guard start <= end, h[start].blockNumber < to, h[end].blockNumber >= from else {
            throw .stateManager(.noHistoryFound)
        }
        return Array(h[start...end])
    }

    /// `getHistoryBeforeOrAtBlockNumber(b)` (as coded: a range holding only entry 0 is reported empty).
    public func historyBeforeOrAt(_ key: HistoryKey, block: UInt64) throws(ProtocolError)
        -> [History]
    {
        let h = try history(key)
        let end = Self.lastAtOrBefore(h, block)
        guard end > 0 else { throw .stateManager(.noHistoryFound) }
        return Array(h[0...end])
    }

    /// `getHistoryAfterOrAtBlockNumber(b)` (as coded: strictly after the last entry at or before `b`).
    public func historyAfterOrAt(_ key: HistoryKey, block: UInt64) throws(ProtocolError)
        -> [History]
    {
        let h = try history(key)
        let i = Self.lastAtOrBefore(h, block)
        guard i < h.count - 1 else { throw .stateManager(.noHistoryFound) }
        return Array(h[(i + 1)...])
    }

    /// `getHistoryCount`.
    public func historyCount(_ key: HistoryKey) -> Int { histories[key]?.count ?? 0 }

    /// `getHistoryAt(index)`.
    public func historyAt(_ key: HistoryKey, index: Int) throws(ProtocolError) -> History {
        let h = histories[key] ?? []
        guard index >= 0, index < h.count else {
            throw .stateManager(.indexOutOfBounds(index: index, count: h.count))
        }
        return h[index]
    }
}

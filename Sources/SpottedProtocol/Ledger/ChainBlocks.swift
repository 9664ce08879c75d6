/// The last block number seen on each chain. A ledger spans a handful of chains and every event
/// reads and writes its own chain's entry, so the entries sit in a small array sorted by chain id:
/// a short scan instead of two seeded hashes per event, and already in canonical order.
public struct ChainBlocks: Hashable, Sendable, Sequence {
    /// The chains seen and their last block numbers, ascending by chain id.
    public private(set) var entries: [(chainId: UInt64, block: UInt64)] = []

    /// No chain seen yet.
    public init() {}

    /// The last block on `chainId`; setting it adds the chain in order (nil removes it).
    public subscript(chainId: UInt64) -> UInt64? {
        get {
            index(of: chainId).flatMap { entries[$0].chainId == chainId ? entries[$0].block : nil }
        }
        set {
            let i = index(of: chainId) ?? entries.count
            let present = i < entries.count && entries[i].chainId == chainId
            switch (newValue, present) {
            case (let block?, true): entries[i].block = block
            case (let block?, false): entries.insert((chainId, block), at: i)
            case (nil, true): entries.remove(at: i)
            case (nil, false): break
            }
        }
    }

    /// The number of chains seen.
    public var count: Int { entries.count }
    /// The chains seen, ascending.
    public var chainIds: [UInt64] { entries.map(\.chainId) }

    /// Iterates the (chain id, last block) pairs, ascending by chain id.
    public func makeIterator() -> IndexingIterator<[(chainId: UInt64, block: UInt64)]> {
        entries.makeIterator()
    }

    /// The first position whose chain id is not below `chainId`, or nil past the end.
    private func index(of chainId: UInt64) -> Int? {
        entries.firstIndex { $0.chainId >= chainId }
    }

    /// Equal when the same chains have the same last blocks.
    public static func == (a: Self, b: Self) -> Bool {
        a.entries.elementsEqual(b.entries) { $0 == $1 }
    }

    /// Hashes the count and every (chain id, block) pair in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries {
            hasher.combine(e.chainId)
            hasher.combine(e.block)
        }
    }
}

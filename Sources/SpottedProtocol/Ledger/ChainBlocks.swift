/// The last block number seen on each chain. A ledger spans a handful of chains and every event
/// reads and writes its own chain's entry, so the entries sit in a small array sorted by chain id:
/// a short scan instead of two seeded hashes per event, and already in canonical order.
public struct ChainBlocks: Hashable, Sendable, Sequence {
    public private(set) var entries: [(chainId: UInt64, block: UInt64)] = []

    public init() {}

    /// The last block on `chainId`; setting it adds the chain in order (nil removes it).
    public subscript(chainId: UInt64) -> UInt64? {
        get { index(of: chainId).flatMap { entries[$0].chainId == chainId ? entries[$0].block : nil } }
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

    public var count: Int { entries.count }
    public var chainIds: [UInt64] { entries.map(\.chainId) }

    public func makeIterator() -> IndexingIterator<[(chainId: UInt64, block: UInt64)]> { entries.makeIterator() }

    /// The first position whose chain id is not below `chainId`, or nil past the end.
    private func index(of chainId: UInt64) -> Int? {
        entries.firstIndex { $0.chainId >= chainId }
    }

    public static func == (a: Self, b: Self) -> Bool { a.entries.elementsEqual(b.entries) { $0 == $1 } }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries { hasher.combine(e.chainId); hasher.combine(e.block) }
    }
}

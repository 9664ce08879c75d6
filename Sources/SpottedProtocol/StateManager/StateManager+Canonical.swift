import Ethereum

extension StateManager {
    /// Canonical bytes: histories by (chain, user, key), each in write order.
    func encode(into e: inout CanonicalEncoder) {
        e.map(histories) { e, key, entries in
            e.u64(key.chainId)
            e.address(key.user)
            e.uint(key.key)
            e.count(entries.count)
            for h in entries {
                e.uint(h.value)
                e.u64(h.blockNumber)
                e.u64(h.timestamp)
                e.u64(h.sequence)
            }
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        histories = try d.map { (d) throws(CanonicalDecoder.Error) in
            let key = HistoryKey(chainId: try d.u64(), user: try d.address(), key: try d.uint())
            return (
                key,
                try d.array { (d) throws(CanonicalDecoder.Error) in
                    History(
                        value: try d.uint(), blockNumber: try d.u64(), timestamp: try d.u64(),
                        sequence: try d.u64())
                }
            )
        }
    }
}

import Ethereum

extension AllocationManager {
    /// Canonical bytes: operator → strategy → (current, max).
    func encode(into e: inout CanonicalEncoder) {
        e.map(magnitudes) { e, op, byStrategy in
            e.address(op)
            e.map(byStrategy) { e, s, m in
                e.address(s)
                e.u64(m.currentWad)
                e.u64(m.maxWad)
            }
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        magnitudes = try d.map { (d) throws(CanonicalDecoder.Error) in
            (
                try d.address(),
                try d.map { (d) throws(CanonicalDecoder.Error) in
                    (try d.address(), Magnitude(currentWad: try d.u64(), maxWad: try d.u64()))
                }
            )
        }
    }
}

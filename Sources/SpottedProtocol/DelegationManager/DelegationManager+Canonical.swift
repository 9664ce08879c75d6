import Ethereum

extension DelegationManager {
    /// Canonical bytes: operator → strategy → shares, in ascending order.
    func encode(into e: inout CanonicalEncoder) {
        e.map(shares) { e, op, strategies in
            e.address(op)
            e.map(strategies) { e, strategy, amount in
                e.address(strategy)
                e.uint(amount)
            }
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        shares = try d.map { (d) throws(CanonicalDecoder.Error) in
            (
                try d.address(),
                try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) }
            )
        }
    }
}

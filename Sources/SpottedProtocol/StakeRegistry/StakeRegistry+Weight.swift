import Ethereum

/// How an operator's weight follows from its shares (spec §9).
extension StakeRegistry {
    /// The operator's weight under the live quorum and minimum.
    func weight(of op: Address, delegation: DelegationManager) throws(ProtocolError) -> UInt256 {
        try Self.weight(of: op, quorum: quorum, minimum: minimumWeight, delegation: delegation)
    }

    /// `getOperatorWeight`: Σ shares × multiplier / 10 000 over the quorum, 0 below the minimum.
    public static func weight(
        of op: Address, quorum: Quorum, minimum: UInt256,
        delegation: DelegationManager
    ) throws(ProtocolError) -> UInt256 {
        let held = delegation.shares[op] ?? [:]
        var sum = UInt256.zero
        for params in quorum.strategies {
            guard let amount = held[params.strategy], !amount.isZero else { continue }
            do {
                sum = try sum.adding(try amount.multiplied(by: params.multiplier))
            } catch {
                throw .ledger(.arithmeticOverflow("weight of \(op): shares × multiplier"))
            }
        }
        let weight =
            sum.quotientAndRemainder(dividingBy: Quorum.totalBasisPoints)?.quotient ?? .zero
        return weight < minimum ? .zero : weight
    }

    /// The latest total weight with `old` replaced by `new`.
    func adjustedTotal(removing old: UInt256, adding new: UInt256) throws(ProtocolError) -> UInt256
    {
        try Self.adjust(totalWeight.latest ?? .zero, removing: old, adding: new)
    }

    /// `total − old + new`, refusing on overflow.
    static func adjust(_ total: UInt256, removing old: UInt256, adding new: UInt256)
        throws(ProtocolError) -> UInt256
    {
        do {
            return try total.subtracting(old).adding(new)
        } catch {
            throw .ledger(.arithmeticOverflow("total weight"))
        }
    }
}

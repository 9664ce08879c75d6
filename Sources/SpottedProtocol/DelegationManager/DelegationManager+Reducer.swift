import Ethereum

/// DelegationManager inputs: shares set by the ledger's feed, lowered by slashing.
extension DelegationManager {
    /// Sets the operator's shares in the listed strategies (set, not added).
    mutating func setShares(_ op: Address, _ list: [StrategyShares]) throws(ProtocolError) {
        guard list.count <= Limits.maxStrategiesPerEvent else {
            throw .ledger(
                .tooManyItems(
                    field: "shares", count: list.count, limit: Limits.maxStrategiesPerEvent))
        }
        var current = shares[op] ?? [:]
        for entry in list { current[entry.strategy] = entry.shares }
        shares[op] = current
    }

    /// Lowers an operator's shares after a slash (only for an existing operator record).
    mutating func setSlashedShares(_ op: Address, in strategy: Address, to value: UInt256) {
        if shares[op] != nil { shares[op]?[strategy] = value }
    }
}

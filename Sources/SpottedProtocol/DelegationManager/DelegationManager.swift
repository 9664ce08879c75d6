import Ethereum

/// EigenLayer's DelegationManager as the ledger sees it: each operator's shares per strategy.
/// The first shares recorded for an address make it an EigenLayer operator.
public struct DelegationManager: Hashable, Sendable {
    /// operator → strategy → shares.
    public internal(set) var shares: [Address: [Address: UInt256]] = [:]

    /// No operators yet.
    public init() {}

    /// Whether `op` is an EigenLayer operator (has a DelegationManager record).
    public func isOperator(_ op: Address) -> Bool { shares[op] != nil }

    /// The shares `op` holds in `strategy` (zero when none).
    public func shares(of op: Address, in strategy: Address) -> UInt256 {
        shares[op]?[strategy] ?? .zero
    }
}

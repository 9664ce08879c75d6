import Ethereum
import SpottedProtocol

/// The StateDisputeResolver's balances: bonds refunded and not yet withdrawn (`claimable`), bonds
/// withdrawn with `claim` (`claimed`), and forfeited bonds (the treasury). Balances are not
/// checkpointed by epoch: they are the ledger's latest.
public struct ClaimableBalances: Encodable, Sendable {
    /// One account's balance, in wei.
    public struct Balance: Encodable, Sendable {
        /// The account (a challenger).
        public var account: Address
        /// The amount, in wei.
        public var amountWei: UInt256
    }

    /// Refunded bonds each challenger can withdraw with `claim`, in address order.
    public var claimable: [Balance]
    /// What each challenger has withdrawn so far, in address order.
    public var claimed: [Balance]
    /// The sum of `claimable`, in wei.
    public var totalClaimableWei: UInt256
    /// Bonds forfeited by failed challenges, in wei.
    public var treasuryWei: UInt256

    /// The resolver's balances in `state`.
    public init(_ state: LedgerState) {
        let resolver = state.stateDisputeResolver
        func list(_ map: [Address: UInt256]) -> [Balance] {
            map.keys.sorted().map { Balance(account: $0, amountWei: map[$0] ?? .zero) }
        }
        let claimable = list(resolver.claimableWei)
        self.claimable = claimable
        claimed = list(resolver.claimedWei)
        // Each balance came from a bond within the resolver's uint256 total: the sum fits.
        totalClaimableWei = claimable.reduce(UInt256.zero) {
            $0.addingReportingOverflow($1.amountWei).partialValue
        }
        treasuryWei = resolver.treasuryWei
    }

    /// `account`'s claimable balance (zero when none), in wei.
    public func claimableWei(of account: Address) -> UInt256 {
        claimable.first { $0.account == account }?.amountWei ?? .zero
    }

    /// What `account` has withdrawn (zero when nothing), in wei.
    public func claimedWei(of account: Address) -> UInt256 {
        claimed.first { $0.account == account }?.amountWei ?? .zero
    }
}

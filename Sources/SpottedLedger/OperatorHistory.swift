import Ethereum
import EventLog
import SpottedProtocol

/// What the ledger holds about one operator at a point of the log.
public struct OperatorSnapshot: Hashable, Sendable {
    public var registered: Bool
    public var signingKey: Address
    public var p2pKey: Address
    public var weight: UInt256
    public var shares: [Address: UInt256]
    public var magnitudes: [Address: Magnitude]

    init(_ state: LedgerState, _ op: Address) {
        let record = state.stakeRegistry.operators[op]
        registered = record?.registered ?? false
        signingKey = record?.signingKey.latest ?? .zero
        p2pKey = record?.p2pKey.latest ?? .zero
        weight = record?.weight.latest ?? .zero
        shares = state.delegationManager.shares[op] ?? [:]
        magnitudes = state.allocationManager.magnitudes[op] ?? [:]
    }
}

/// One event that touched an operator, with the operator's values before and after it.
public struct OperatorChange: Hashable, Sendable {
    public var sequence: UInt64
    public var kind: String
    public var chainId: UInt64
    public var before: OperatorSnapshot
    public var after: OperatorSnapshot
}

extension Engine {
    /// Every event that changed `op`'s registration, keys, weight, shares or magnitudes, or that it
    /// sent, replayed from the log with the values before and after.
    public static func history(of op: Address, in log: EventLog) throws(EngineError) -> [OperatorChange] {
        var state = LedgerState()
        var changes = [OperatorChange]()
        try forEachEvent(in: log, after: 0, through: .max) { (e, event) throws(EngineError) in
            let before = OperatorSnapshot(state, op)
            try apply(event, context(of: e, signatureChecks: .skip), to: &state)
            let after = OperatorSnapshot(state, op)
            if before != after || e.sender == op {
                changes.append(OperatorChange(sequence: e.sequence, kind: EventCodec.name(of: e.kind) ?? "kind-\(e.kind)",
                                              chainId: e.chainId, before: before, after: after))
            }
        }
        return changes
    }
}

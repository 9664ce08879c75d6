import Ethereum
import EventLog
import SpottedProtocol

/// What the ledger holds about one operator at a point of the log.
public struct OperatorSnapshot: Hashable, Sendable, Encodable {
    /// Registered in the main registry.
    public var registered: Bool
    /// The latest signing key written.
    public var signingKey: Address
    /// The latest P2P key written.
    public var p2pKey: Address
    /// The latest weight written.
    public var weight: UInt256
    /// Shares by strategy.
    public var shares: [Address: UInt256]
    /// AllocationManager magnitudes by strategy.
    public var magnitudes: [Address: Magnitude]

    private enum CodingKeys: String, CodingKey {
        case registered, signingKey, p2pKey, weight, shares, magnitudes
    }

    /// Encodes the maps as objects keyed by strategy address, in address order; magnitudes by their current value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(registered, forKey: .registered)
        try c.encode(signingKey, forKey: .signingKey)
        try c.encode(p2pKey, forKey: .p2pKey)
        try c.encode(weight, forKey: .weight)
        try c.encode(
            OrderedFields(shares.keys.sorted().map { ($0.checksummed, shares[$0] ?? .zero) }),
            forKey: .shares)
        try c.encode(
            OrderedFields(
                magnitudes.keys.sorted().map { ($0.checksummed, magnitudes[$0]?.currentWad ?? 0) }),
            forKey: .magnitudes)
    }

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
public struct OperatorChange: Hashable, Sendable, Encodable {
    /// The event's log sequence.
    public var sequence: UInt64
    /// The event's kind name.
    public var kind: String
    /// The chain it happened on.
    public var chainId: UInt64
    /// The operator's values before the event.
    public var before: OperatorSnapshot
    /// The operator's values after the event.
    public var after: OperatorSnapshot
    /// Each value the event changed, before → after.
    public var changes: [FieldChange]
    /// The epoch from which the registry's changed values are in force (the epoch rule: the next
    /// epoch, or the one after when made in the grace period); absent when no registry value
    /// changed (shares and magnitudes change at once).
    public var effectiveEpoch: OrAbsent<UInt32>
}

/// One value an event changed.
public struct FieldChange: Hashable, Sendable, Encodable {
    /// The value's name (`weight`, `signingKey`, `shares[strategy]`, `magnitude[strategy]`).
    public var field: String
    /// The value before the event.
    public var before: DecodedValue
    /// The value after the event.
    public var after: DecodedValue
}

extension OperatorSnapshot {
    /// The values that differ from `before` to `self`, registry values first, then shares and
    /// magnitudes by strategy address (a strategy never slashed has the full magnitude, 1e18).
    func changes(from before: OperatorSnapshot) -> [FieldChange] {
        var out = [FieldChange]()
        func note(_ field: String, _ a: DecodedValue, _ b: DecodedValue) {
            if a != b { out.append(FieldChange(field: field, before: a, after: b)) }
        }
        note("registered", .bool(before.registered), .bool(registered))
        note("signingKey", .address(before.signingKey), .address(signingKey))
        note("p2pKey", .address(before.p2pKey), .address(p2pKey))
        note("weight", .number(before.weight), .number(weight))
        for strategy in Set(before.shares.keys).union(shares.keys).sorted() {
            note(
                "shares[\(strategy.checksummed)]", .number(before.shares[strategy] ?? .zero),
                .number(shares[strategy] ?? .zero))
        }
        for strategy in Set(before.magnitudes.keys).union(magnitudes.keys).sorted() {
            note(
                "magnitude[\(strategy.checksummed)]",
                .number(UInt256((before.magnitudes[strategy] ?? .full).currentWad)),
                .number(UInt256((magnitudes[strategy] ?? .full).currentWad)))
        }
        return out
    }

    /// The latest epoch tag among the registry checkpoints whose value changed from `before`.
    static func effectiveEpoch(
        _ before: OperatorSnapshot, _ after: OperatorSnapshot, _ record: OperatorRecord?
    ) -> UInt32? {
        guard let record else { return nil }
        var tags = [UInt32?]()
        if before.registered != after.registered { tags.append(record.status.entries.last?.epoch) }
        if before.signingKey != after.signingKey {
            tags.append(record.signingKey.entries.last?.epoch)
        }
        if before.p2pKey != after.p2pKey { tags.append(record.p2pKey.entries.last?.epoch) }
        if before.weight != after.weight { tags.append(record.weight.entries.last?.epoch) }
        return tags.compactMap { $0 }.max()
    }
}

/// Every event that touched one operator.
public struct OperatorHistoryReport: Encodable, Sendable {
    /// The operator.
    public var `operator`: Address
    /// The events, in log order.
    public var changes: [OperatorChange]
}

extension Engine {
    /// Every event that changed `op`'s registration, keys, weight, shares or magnitudes, or that it
    /// sent, replayed from the log with the values before and after.
    public static func history(of op: Address, in log: EventLog) throws(EngineError)
        -> [OperatorChange]
    {
        var state = LedgerState()
        var changes = [OperatorChange]()
        try forEachEvent(in: log, after: 0, through: .max) { (e, event) throws(EngineError) in
            let before = OperatorSnapshot(state, op)
            try apply(event, context(of: e, signatureChecks: .skip), to: &state)
            let after = OperatorSnapshot(state, op)
            if before != after || e.sender == op {
                changes.append(
                    OperatorChange(
                        sequence: e.sequence, kind: EventCodec.name(of: e.kind) ?? "kind-\(e.kind)",
                        chainId: e.chainId, before: before, after: after,
                        changes: after.changes(from: before),
                        effectiveEpoch: OrAbsent(
                            OperatorSnapshot.effectiveEpoch(
                                before, after, state.stakeRegistry.operators[op]),
                            absent: "")))
            }
        }
        return changes
    }

    /// Every event that touched `op`, with its values before and after (``history(of:in:)``).
    public func operatorHistory(_ op: Address) throws(QueryError) -> OperatorHistoryReport {
        do {
            return OperatorHistoryReport(operator: op, changes: try Self.history(of: op, in: log))
        } catch { throw .engine(error) }
    }
}

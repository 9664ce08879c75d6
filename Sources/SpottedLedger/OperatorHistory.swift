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
        let record = state.registry.operators[op]
        registered = record?.registered ?? false
        signingKey = record?.signingKey.latest ?? .zero
        p2pKey = record?.p2pKey.latest ?? .zero
        weight = record?.weight.latest ?? .zero
        shares = state.shares[op] ?? [:]
        magnitudes = state.magnitudes[op] ?? [:]
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
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scan { (e) throws(EventLogError) in
                let event: ProtocolEvent
                do throws(EventCodec.DecodingError) {
                    event = try EventCodec.decode(kind: e.record.kind, schemaVersion: e.record.schemaVersion, payload: e.record.payload)
                } catch {
                    failure = .corrupt(sequence: e.sequence, reason: error.description)
                    return false
                }
                let before = OperatorSnapshot(state, op)
                do throws(Refusal) {
                    try state.reduce(event, EventContext(sequence: e.sequence, chainId: e.record.chainId, blockNumber: e.record.blockNumber,
                                                         timestamp: e.record.timestamp, sender: e.record.sender))
                } catch {
                    failure = .corrupt(sequence: e.sequence, reason: "the reducers refuse a logged event: \(error.error)")
                    return false
                }
                let after = OperatorSnapshot(state, op)
                if before != after || e.record.sender == op {
                    changes.append(OperatorChange(sequence: e.sequence, kind: EventCodec.name(of: e.record.kind) ?? "kind-\(e.record.kind)",
                                                  chainId: e.record.chainId, before: before, after: after))
                }
                return true
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
        return changes
    }
}

import Ethereum
import EventLog
import SpottedProtocol

/// The logs whose values need the state just before their entry (`OperatorWeightUpdated`,
/// `TotalWeightUpdated`, `UpdateMinimumWeight`, `StateUpdateQueued`, `StateUpdatesSent`,
/// `ChallengeResolved`, `OperatorSlashed`), derived by replaying the log into a shadow state:
/// the values before each entry are read from the shadow, the entry is reduced into it, the
/// values after are read again. Caught up before every read like ``ChainLedgerIndex``, so the
/// logs are the same after a restart and on every node.
struct PriorStateLogIndex: Sendable {
    /// The state after ``scannedThrough``.
    private(set) var state = LedgerState()
    /// The last sequence folded in.
    private(set) var scannedThrough: UInt64 = 0
    /// Sequence → the emissions of its entry that need the prior state (only non-empty ones).
    private(set) var emissions: [UInt64: [LogDerivation.Emission]] = [:]

    /// Folds in every entry after ``scannedThrough``.
    mutating func catchUp(_ log: EventLog) throws(EventLogError) {
        guard log.head.sequence > scannedThrough else { return }
        var next = self
        try log.scan(from: scannedThrough + 1) { (entry) throws(EventLogError) -> Bool in
            next.fold(entry)
            return true
        }
        self = next
    }

    /// Reduces one logged entry into the shadow state and records what it emits.
    mutating func fold(_ envelope: Envelope) {
        scannedThrough = envelope.sequence
        let record = envelope.record
        guard
            let event = try? EventCodec.decode(
                kind: record.kind, schemaVersion: record.schemaVersion, payload: record.payload)
        else { return }
        let before = Prior(state, event)
        let context = EventContext(
            sequence: envelope.sequence, chainId: record.chainId,
            blockNumber: record.blockNumber, timestamp: record.timestamp, sender: record.sender,
            signatureChecks: .skip)
        // A logged entry was accepted when it was appended; a refusal here leaves the state as it
        // was and the entry without these logs (verify reports such a log as corrupt).
        do { try state.reduce(event, context) } catch { return }
        let archived = state.archive.pending.isEmpty ? [] : state.takeArchived()
        let found = before.emissions(of: event, after: state, archived: archived)
        if !found.isEmpty { emissions[envelope.sequence] = found }
    }
}

/// The values an entry's prior-state logs compare, read from the state before it.
struct Prior {
    /// Every operator's latest weight, read only for the events that can change one.
    var weights: [Address: UInt256]?
    var totalWeight = UInt256.zero
    var minimumWeight = UInt256.zero
    var queued: [UInt32: Int] = [:]
    var currentEpoch: UInt32 = 0

    /// Reads what `event` may change.
    init(_ state: LedgerState, _ event: ProtocolEvent) {
        let registry = state.stakeRegistry
        currentEpoch = state.currentEpoch
        totalWeight = registry.totalWeight.latest ?? .zero
        minimumWeight = registry.minimumWeight
        queued = state.epochManager.queue.mapValues(\.count)
        switch event {
        case .registerOperator, .deregisterOperator, .updateOperators, .updateOperatorsForQuorum,
            .updateQuorumConfig, .updateMinimumWeight, .setOperatorShares:
            weights = registry.operators.mapValues { $0.weight.latest ?? .zero }
        default: break
        }
    }

    /// The emissions of `event` given the state `after` it, in the contracts' order: weights,
    /// then the total, then what the EpochManager queued.
    /// `archived` holds the records the entry moved to the archive (a resolved challenge).
    func emissions(
        of event: ProtocolEvent, after: LedgerState, archived: [StateArchive.Record]
    ) -> [LogDerivation.Emission] {
        var out = [LogDerivation.Emission]()
        let registry = after.stakeRegistry
        if case .updateMinimumWeight(let weight, _) = event {
            out.append(
                (.stakeRegistry, "UpdateMinimumWeight", [.uint(minimumWeight), .uint(weight)]))
        }
        if let weights {
            for (op, record) in registry.operators.sorted(by: { $0.key < $1.key }) {
                let old = weights[op] ?? .zero
                let new = record.weight.latest ?? .zero
                guard old != new else { continue }
                out.append(
                    (
                        .stakeRegistry, "OperatorWeightUpdated",
                        [.address(op), .uint(old), .uint(new)]
                    ))
            }
        }
        let total = registry.totalWeight.latest ?? .zero
        if total != totalWeight {
            out.append((.stakeRegistry, "TotalWeightUpdated", [.uint(totalWeight), .uint(total)]))
        }
        out += queuedEmissions(after: after)
        out += resolverEmissions(of: event, archived: archived)
        return out
    }

    /// `StateUpdateQueued` for every update the entry appended to a queue, `StateUpdatesSent` for
    /// the batch it sent.
    func queuedEmissions(after: LedgerState) -> [LogDerivation.Emission] {
        var out = [LogDerivation.Emission]()
        for (epoch, updates) in after.epochManager.queue.sorted(by: { $0.key < $1.key }) {
            for update in updates.dropFirst(queued[epoch] ?? 0) {
                out.append(
                    (
                        .epochManager, "StateUpdateQueued",
                        [
                            .uint(UInt256(UInt64(epoch))),
                            .uint(UInt256(UInt64(update.type.rawValue))), .bytes(update.data),
                        ]
                    ))
            }
        }
        return out
    }

    /// `StateUpdatesSent` and `ChallengeResolved` / `OperatorSlashed`.
    func resolverEmissions(of event: ProtocolEvent, archived: [StateArchive.Record])
        -> [LogDerivation.Emission]
    {
        switch event {
        case .sendStateUpdates:
            let epoch = currentEpoch &+ 1
            return [
                (
                    .epochManager, "StateUpdatesSent",
                    [.uint(UInt256(UInt64(epoch))), .uint(UInt256(UInt64(queued[epoch] ?? 0)))]
                )
            ]
        case .resolveChallenge(let id):
            let resolution = archived.lazy.compactMap { record -> Challenge.Resolution? in
                guard case .challenge(let c) = record, c.id == id else { return nil }
                return c.resolution
            }.first
            guard let resolution else { return [] }
            var out: [LogDerivation.Emission] = resolution.slashes.map {
                (
                    .stateDisputeResolver, "OperatorSlashed",
                    [.address($0.operator), .fixedBytes(id.bytes)]
                )
            }
            out.append(
                (
                    .stateDisputeResolver, "ChallengeResolved",
                    [.fixedBytes(id.bytes), .bool(resolution.successful)]
                ))
            return out
        default: return []
        }
    }
}

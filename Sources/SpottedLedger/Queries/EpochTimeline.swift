import Ethereum
import EventLog
import SpottedProtocol

/// Events per epoch by kind, where each epoch and its grace period begin in the log, and when each
/// batch was sent and applied: the numbers behind the report's timeline and replica-lag views.
public struct EpochTimelineReport: Encodable, Sendable {
    /// A run of consecutive epochs: one epoch, or several when the range was aggregated.
    public struct Row: Encodable, Sendable {
        /// The first epoch of the row.
        public var fromEpoch: UInt32
        /// The last epoch of the row.
        public var toEpoch: UInt32
        /// The main-chain block `fromEpoch` starts at.
        public var startBlock: UInt64
        /// The main-chain block the grace period of `toEpoch` starts at.
        public var graceStartBlock: UInt64
        /// The sequence of the row's first event (the transition into `fromEpoch`; 1 for epoch 0).
        public var firstSequence: UInt64
        /// The sequence of the row's last event.
        public var lastSequence: UInt64
        /// The sequence of the first main-chain event in the grace period of `toEpoch`, or null
        /// when none was logged there.
        public var graceFirstSequence: OrAbsent<UInt64>
        /// Events in the row.
        public var events: UInt64
        /// Events in the row by kind name, in event-code order (kinds with none left out).
        public var byKind: OrderedFields<UInt64>
    }

    /// One batch: the updates of one epoch for one destination chain, sent and applied.
    public struct Batch: Encodable, Sendable {
        /// The epoch whose updates the batch carries (sent during the epoch before).
        public var epoch: UInt32
        /// The destination chain.
        public var chainId: UInt64
        /// The sequence of `send-state-updates`, or null when the batch was not sent.
        public var sentSequence: OrAbsent<UInt64>
        /// The main-chain block it was sent at, or null.
        public var sentBlock: OrAbsent<UInt64>
        /// The sequence of the delivery that applied it, or null when not applied.
        public var appliedSequence: OrAbsent<UInt64>
        /// The destination-chain block it was applied at, or null.
        public var appliedBlock: OrAbsent<UInt64>
        /// Events logged from the send to the apply, or null when either is missing.
        public var lagEvents: OrAbsent<UInt64>
        /// `on-time` (applied before its epoch started), `late` (applied after), `skipped` (the
        /// replica accepted a later batch first), `missing` (its epoch started, never applied) or
        /// `pending` (its epoch has not started).
        public var status: String
    }

    /// The first epoch shown.
    public var fromEpoch: UInt32
    /// The last epoch shown.
    public var toEpoch: UInt32
    /// The ledger's current epoch.
    public var currentEpoch: UInt32
    /// Epochs per row (1 unless the range has more epochs than the rows allowed).
    public var epochsPerRow: UInt32
    /// Blocks per epoch.
    public var epochLengthBlocks: UInt64
    /// Blocks of an epoch's grace period.
    public var gracePeriodBlocks: UInt64
    /// Events in the epochs shown.
    public var events: UInt64
    /// The rows, in epoch order.
    public var rows: [Row]
    /// Every batch of the epochs shown, by epoch then chain; when rows are aggregated, only the
    /// batches that were not on time.
    public var batches: [Batch]
    /// On-time batches left out of `batches` because rows are aggregated.
    public var onTimeBatchesOmitted: Int
}

/// What one pass over the log gathers for ``EpochTimelineReport``.
struct TimelineScan {
    /// Per epoch (index = epoch): first sequence, first grace sequence, events by kind code.
    var firstSequence: [UInt64] = [1]
    var graceFirstSequence: [UInt64?] = [nil]
    var byKind: [[UInt16: UInt64]] = [[:]]
    var lastSequence: UInt64 = 0
    /// Batch → (sequence, main-chain block) of its send.
    var sends: [BatchKey: (sequence: UInt64, block: UInt64)] = [:]
    /// Sequence → destination-chain block, for the deliveries that applied a batch.
    var appliedBlocks: [UInt64: UInt64] = [:]
}

extension Engine {
    /// The log code of `send-state-updates`, taken from the event codec.
    static let sendStateUpdatesKind = EventCodec.encode(.sendStateUpdates(chainId: 0, value: .zero))
        .kind

    /// Events per epoch by kind, epoch and grace starts, and every batch's send and apply, for
    /// epochs `fromEpoch`…`toEpoch` (default: all); more than `maxRows` epochs are aggregated
    /// into rows of equal length.
    public func epochTimeline(
        fromEpoch: UInt32? = nil, toEpoch: UInt32? = nil, maxRows: Int = 120
    ) throws(QueryError) -> EpochTimelineReport {
        let s = state
        guard let genesis = s.genesis, let clock = s.clock else {
            throw .notFound("the ledger has no genesis")
        }
        let from = fromEpoch ?? 0
        let to = toEpoch ?? s.currentEpoch
        guard from <= to, to <= s.currentEpoch else {
            throw .badArgument(
                field: "epoch",
                reason:
                    "epochs \(from)…\(to) are out of range: the ledger has epochs 0…\(s.currentEpoch)"
            )
        }
        let scan = try scanTimeline(through: to, genesis: genesis, clock: clock)
        let perRow = UInt32((Int(to - from) + max(maxRows, 1)) / max(maxRows, 1))
        let rows = stride(from: from, through: to, by: Int(perRow)).map {
            timelineRow(scan, clock, from: $0, to: min(to, $0 + perRow - 1))
        }
        let all = timelineBatches(scan, from: from, to: to)
        let batches = perRow == 1 ? all : all.filter { $0.status != "on-time" }
        return EpochTimelineReport(
            fromEpoch: from, toEpoch: to, currentEpoch: s.currentEpoch, epochsPerRow: perRow,
            epochLengthBlocks: clock.epochLengthBlocks, gracePeriodBlocks: clock.gracePeriodBlocks,
            events: rows.reduce(0) { $0 + $1.events }, rows: rows, batches: batches,
            onTimeBatchesOmitted: all.count - batches.count)
    }

    /// One pass over the log through the end of epoch `last`: kinds per epoch, epoch and grace
    /// starts, sends, and the blocks of the deliveries that applied a batch.
    func scanTimeline(through last: UInt32, genesis: LedgerGenesis, clock: EpochClock)
        throws(QueryError) -> TimelineScan
    {
        var scan = TimelineScan()
        let applied = Set(state.replicas.values.flatMap { $0.appliedBatches.values })
        var failure: QueryError?
        do throws(EventLogError) {
            try log.scan { envelope in
                let r = envelope.record
                if r.kind == Self.epochTransitionKind {
                    if scan.firstSequence.count > Int(last) { return false }
                    scan.firstSequence.append(envelope.sequence)
                    scan.graceFirstSequence.append(nil)
                    scan.byKind.append([:])
                }
                let epoch = scan.firstSequence.count - 1
                scan.lastSequence = envelope.sequence
                scan.byKind[epoch][r.kind, default: 0] += 1
                if r.chainId == genesis.mainChainId, scan.graceFirstSequence[epoch] == nil,
                    (try? clock.isInGracePeriod(at: r.blockNumber)) == true
                {
                    scan.graceFirstSequence[epoch] = envelope.sequence
                }
                if applied.contains(envelope.sequence) {
                    scan.appliedBlocks[envelope.sequence] = r.blockNumber
                }
                if r.kind == Self.sendStateUpdatesKind {
                    do throws(EventCodec.DecodingError) {
                        let event = try EventCodec.decode(
                            kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                        if case .sendStateUpdates(let chain, _) = event {
                            let key = BatchKey(epoch: UInt32(epoch) + 1, chainId: chain)
                            scan.sends[key] = (envelope.sequence, r.blockNumber)
                        }
                    } catch {
                        failure = .engine(
                            .corrupt(sequence: envelope.sequence, reason: error.description))
                        return false
                    }
                }
                return true
            }
        } catch {
            throw .engine(.log(error))
        }
        if let failure { throw failure }
        return scan
    }

    /// The row of epochs `from`…`to` (all within the scan).
    func timelineRow(_ scan: TimelineScan, _ clock: EpochClock, from: UInt32, to: UInt32)
        -> EpochTimelineReport.Row
    {
        var counts = [UInt16: UInt64]()
        for e in Int(from)...Int(to) {
            counts.merge(scan.byKind[e], uniquingKeysWith: +)
        }
        let last =
            Int(to) + 1 < scan.firstSequence.count
            ? scan.firstSequence[Int(to) + 1] - 1 : scan.lastSequence
        return EpochTimelineReport.Row(
            fromEpoch: from, toEpoch: to, startBlock: clock.startBlock(of: from),
            graceStartBlock: clock.interval(of: to).graceStart,
            firstSequence: scan.firstSequence[Int(from)], lastSequence: last,
            graceFirstSequence: OrAbsent(scan.graceFirstSequence[Int(to)], absent: "none"),
            events: counts.values.reduce(0, +),
            byKind: OrderedFields(
                counts.keys.sorted().map {
                    (EventCodec.name(of: $0) ?? "kind-\($0)", counts[$0] ?? 0)
                }
            ))
    }

    /// Every batch of epochs `from`…`to` (and the next epoch's, when `to` is the current one),
    /// by epoch then chain.
    func timelineBatches(_ scan: TimelineScan, from: UInt32, to: UInt32)
        -> [EpochTimelineReport.Batch]
    {
        let s = state
        let last = to == s.currentEpoch ? to + 1 : to
        guard max(from, 1) <= last else { return [] }
        var out = [EpochTimelineReport.Batch]()
        for epoch in max(from, 1)...last {
            for chain in s.replicas.keys.sorted() {
                let replica = s.replicas[chain]
                let sent = scan.sends[BatchKey(epoch: epoch, chainId: chain)]
                let applied = replica?.appliedBatches[epoch]
                let started = Int(epoch) < scan.firstSequence.count
                let status: String
                if let applied {
                    let onTime = !started || applied < scan.firstSequence[Int(epoch)]
                    status = onTime ? "on-time" : "late"
                } else if replica?.gaps.contains(epoch) == true {
                    status = "skipped"
                } else {
                    status = epoch <= s.currentEpoch ? "missing" : "pending"
                }
                let lag = sent.flatMap { sent in
                    applied.flatMap { $0 >= sent.sequence ? $0 - sent.sequence : nil }
                }
                out.append(
                    EpochTimelineReport.Batch(
                        epoch: epoch, chainId: chain,
                        sentSequence: OrAbsent(sent?.sequence, absent: "not sent"),
                        sentBlock: OrAbsent(sent?.block, absent: "-"),
                        appliedSequence: OrAbsent(applied, absent: "not applied"),
                        appliedBlock: OrAbsent(
                            applied.flatMap { scan.appliedBlocks[$0] }, absent: "-"),
                        lagEvents: OrAbsent(lag, absent: "-"), status: status))
            }
        }
        return out
    }
}

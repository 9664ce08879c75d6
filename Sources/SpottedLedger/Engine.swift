import Ethereum
import EventLog
import SpottedProtocol

/// One action to submit: the event and where, when and by whom it happened.
public struct Action: Hashable, Sendable {
    public var event: ProtocolEvent
    public var chainId: UInt64
    public var blockNumber: UInt64
    public var timestamp: UInt64
    public var sender: Address

    public init(_ event: ProtocolEvent, chainId: UInt64, blockNumber: UInt64, timestamp: UInt64, sender: Address) {
        self.event = event; self.chainId = chainId; self.blockNumber = blockNumber; self.timestamp = timestamp; self.sender = sender
    }
}

/// Why the engine refused or failed.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    /// A protocol rule refused action `index` of a submission; nothing was appended.
    case refused(index: Int, Refusal)
    /// The log failed (storage, integrity).
    case log(EventLogError)
    /// An entry in the log is not an event this build understands, or a reducer refuses it on replay:
    /// corruption or a reducer-version mismatch.
    case corrupt(sequence: UInt64, reason: String)
    /// A stored snapshot's root differs from the root replay computed at its sequence.
    case snapshotMismatch(sequence: UInt64, stored: Word, replayed: Word)

    public var description: String {
        switch self {
        case .refused(let index, let refusal): "action \(index) \(refusal); nothing was appended"
        case .log(let error): "log: \(error)"
        case .corrupt(let sequence, let reason): "sequence \(sequence): \(reason)"
        case .snapshotMismatch(let sequence, let stored, let replayed): "sequence \(sequence): snapshot root \(stored) ≠ replayed root \(replayed)"
        }
    }
}

/// The ledger engine: validates actions with the pure reducers, appends only what they accept,
/// and writes a snapshot (state root and canonical state) at every epoch transition.
///
/// ```swift
/// let engine = try Engine(directory: "logs/demo")
/// try engine.submit(Action(.updateStakeThreshold(5), chainId: 1, blockNumber: 9, timestamp: 0, sender: owner))
/// ```
public final class Engine {
    public let log: EventLog
    public private(set) var state: LedgerState
    /// Version of the reducers; snapshots written by another version are ignored.
    public static let reducerVersion: UInt32 = 1

    /// Opens (or creates) the ledger in `directory` and replays it, checking every snapshot root.
    public init(directory: String, options: EventLog.Options = EventLog.Options()) throws(EngineError) {
        do { log = try EventLog(directory: directory, options: options) } catch { throw .log(error) }
        if let bad = log.firstBadSequence { throw .log(.refusedUnverified(firstBadSequence: bad)) }
        state = try Self.state(at: log.head.sequence, in: log)
    }

    /// Submits one action: reduce, then append durably. Returns the stored envelope.
    @discardableResult
    public func submit(_ action: Action) throws(EngineError) -> Envelope {
        let stored = try submit([action])
        return stored[0]
    }

    /// Submits actions all or nothing: if any is refused, none is appended and the state is unchanged.
    ///
    /// Actions are reduced in place (a refused action changes nothing, by the reducers' contract), so
    /// a submission costs only its own work. If a later action of a batch is refused, or the append
    /// fails, the state is rebuilt from the log, which still ends before this submission.
    @discardableResult
    public func submit(_ actions: [Action]) throws(EngineError) -> [Envelope] {
        guard !actions.isEmpty else { return [] }
        let first = log.head.sequence + 1
        var records = [EventRecord]()
        records.reserveCapacity(actions.count)
        for (i, action) in actions.enumerated() {
            let context = EventContext(sequence: first + UInt64(i), chainId: action.chainId, blockNumber: action.blockNumber,
                                       timestamp: action.timestamp, sender: action.sender)
            do throws(Refusal) {
                try state.reduce(action.event, context)
            } catch {
                if i > 0 { state = try Self.state(at: log.head.sequence, in: log) }
                throw .refused(index: i, error)
            }
            let (kind, payload) = EventCodec.encode(action.event)
            records.append(EventRecord(chainId: action.chainId, blockNumber: action.blockNumber, timestamp: action.timestamp,
                                       sender: action.sender, kind: kind, schemaVersion: EventCodec.schemaVersion, payload: payload))
        }
        let stored: [Envelope]
        do throws(EventLogError) {
            stored = try log.append(records)
        } catch {
            state = (try? Self.state(at: log.head.sequence, in: log)) ?? LedgerState()
            throw .log(error)
        }
        // An epoch transition ending the submission marks an epoch boundary: snapshot the state there.
        if case .epochTransition = actions[actions.count - 1].event, let last = stored.last {
            try writeSnapshot(at: last.sequence)
        }
        return stored
    }

    private func writeSnapshot(at sequence: UInt64) throws(EngineError) {
        let bytes = state.canonicalEncoding()
        do {
            try log.storeSnapshot(Snapshot(sequence: sequence, root: Keccak256.hash(bytes), reducerVersion: Self.reducerVersion, data: bytes))
        } catch {
            throw .log(error)
        }
    }

    /// Replays `log` from genesis through `sequence`, decoding and reducing every entry and
    /// checking every snapshot root of this reducer version on the way; stops at the first mismatch.
    public static func replay(_ log: EventLog, through sequence: UInt64 = .max,
                              progress: ((UInt64) -> Void)? = nil) throws(EngineError) -> LedgerState {
        try replay(log, from: LedgerState(), after: 0, through: sequence, progress: progress)
    }

    /// The state at `sequence`, from the nearest snapshot at or below it (its bytes must hash to its
    /// stored root) and the events after it; from genesis when there is none.
    public static func state(at sequence: UInt64, in log: EventLog) throws(EngineError) -> LedgerState {
        let snapshot: Snapshot?
        do { snapshot = try log.latestSnapshot(atOrBelow: sequence, reducerVersion: reducerVersion) } catch { throw .log(error) }
        guard let snapshot else { return try replay(log, through: sequence) }
        guard Keccak256.hash(snapshot.data) == snapshot.root else {
            throw .snapshotMismatch(sequence: snapshot.sequence, stored: snapshot.root, replayed: Keccak256.hash(snapshot.data))
        }
        let start: LedgerState
        do { start = try LedgerState(canonical: snapshot.data) } catch { throw .corrupt(sequence: snapshot.sequence, reason: "snapshot: \(error)") }
        return try replay(log, from: start, after: snapshot.sequence, through: sequence)
    }

    /// Replays the entries after `after` through `sequence` onto `state`, checking the snapshots on the way.
    public static func replay(_ log: EventLog, from start: LedgerState, after: UInt64, through sequence: UInt64 = .max,
                              progress: ((UInt64) -> Void)? = nil) throws(EngineError) -> LedgerState {
        var state = start
        var snapshots: [UInt64]
        do { snapshots = try log.snapshotSequences().filter { $0 > after && $0 <= sequence } } catch { throw .log(error) }
        var nextSnapshot = 0
        try forEachEvent(in: log, after: after, through: sequence) { (envelope, event) throws(EngineError) in
            try apply(event, envelope, to: &state)
            while nextSnapshot < snapshots.count, snapshots[nextSnapshot] == envelope.sequence {
                let stored: Snapshot?
                do throws(EventLogError) { stored = try log.latestSnapshot(atOrBelow: envelope.sequence, reducerVersion: reducerVersion) } catch { throw .log(error) }
                if let stored, stored.sequence == envelope.sequence, stored.root != state.root {
                    throw .snapshotMismatch(sequence: envelope.sequence, stored: stored.root, replayed: state.root)
                }
                nextSnapshot += 1
            }
            if envelope.sequence & 0xffff == 0 { progress?(envelope.sequence) }
        }
        return state
    }

    /// Decodes every entry after `after` through `sequence` and hands it to `body`, in log order.
    /// An entry that is not an event of this build is reported as corruption with its sequence.
    static func forEachEvent(in log: EventLog, after: UInt64, through sequence: UInt64,
                             _ body: (Envelope, ProtocolEvent) throws(EngineError) -> Void) throws(EngineError) {
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scan(from: after + 1) { (envelope) throws(EventLogError) in
                guard envelope.sequence <= sequence else { return false }
                do throws(EngineError) {
                    let r = envelope.record
                    let event: ProtocolEvent
                    do throws(EventCodec.DecodingError) {
                        event = try EventCodec.decode(kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                    } catch {
                        throw EngineError.corrupt(sequence: envelope.sequence, reason: error.description)
                    }
                    try body(envelope, event)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
    }

    /// Reduces a logged event; a refusal here means corruption or a reducer-version mismatch.
    static func apply(_ event: ProtocolEvent, _ envelope: Envelope, to state: inout LedgerState) throws(EngineError) {
        let r = envelope.record
        do throws(Refusal) {
            try state.reduce(event, EventContext(sequence: envelope.sequence, chainId: r.chainId, blockNumber: r.blockNumber,
                                                 timestamp: r.timestamp, sender: r.sender))
        } catch {
            throw .corrupt(sequence: envelope.sequence, reason: "the reducers refuse a logged event: \(error.error)")
        }
    }
}

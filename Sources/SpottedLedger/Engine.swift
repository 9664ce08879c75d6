import Dispatch
import Ethereum
#if canImport(Glibc)
import Glibc
#endif
import EventLog
import SpottedProtocol
import Synchronization

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
    /// Action `index` repeats the one logged at `sequence` (same chain, block, timestamp, sender
    /// and event): a retried submission. Nothing was appended.
    case duplicate(index: Int, sequence: UInt64)
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
        case .duplicate(let index, let sequence): "action \(index) repeats the action logged at sequence \(sequence) (DuplicateAction); nothing was appended"
        case .log(let error): "log: \(error)"
        case .corrupt(let sequence, let reason): "sequence \(sequence): \(reason)"
        case .snapshotMismatch(let sequence, let stored, let replayed): "sequence \(sequence): snapshot root \(stored) ≠ replayed root \(replayed)"
        }
    }

    /// The log sequence the error names, if any.
    public var sequence: UInt64? {
        switch self {
        case .refused(_, let refusal): refusal.sequence
        case .corrupt(let sequence, _), .snapshotMismatch(let sequence, _, _), .duplicate(_, let sequence): sequence
        case .log: nil
        }
    }
}

/// How replay treats the registration and response signatures in the log.
public enum SignatureReplay: Hashable, Sendable {
    /// Not re-checked: each was checked when it was appended, and the hash chain protects the entry.
    case trusted
    /// Recovered by the reducers on the replaying thread.
    case inline
    /// Recovered on `threads` worker threads while the replaying thread reduces.
    case parallel(threads: Int)

    /// ``parallel(threads:)`` on every online core.
    public static var allCores: SignatureReplay { .parallel(threads: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// The ledger engine: validates actions with the pure reducers, appends only what they accept,
/// and writes snapshots (state root and canonical state) at epoch transitions.
///
/// Snapshot policy: at an epoch transition, a snapshot is written when the events since the last
/// one, times ``snapshotBytesPerEvent`` (default 64), reach the last snapshot's live size — the bytes
/// a root check hashes, everything but the ``StateArchive``. Small states are snapshotted at every
/// epoch, large ones less often, so checking snapshot roots never costs more than that many hashed
/// bytes per logged event, and replay to any point starts at most
/// `live state size / snapshotBytesPerEvent` events before it.
///
/// ```swift
/// let engine = try Engine(directory: "logs/demo")
/// try engine.submit(Action(.updateStakeThreshold(5), chainId: 1, blockNumber: 9, timestamp: 0, sender: owner))
/// ```
public final class Engine {
    public let log: EventLog
    public private(set) var state: LedgerState
    /// Version of the reducers; snapshots written by another version are ignored.
    public static let reducerVersion: UInt32 = 5
    /// Snapshot budget in bytes per logged event (see the type's documentation).
    public let snapshotBytesPerEvent: UInt64
    private var lastSnapshot: (sequence: UInt64, liveSize: UInt64)?
    /// The actions logged at each chain's latest block, with their sequences: a submission repeating
    /// one is refused (at an earlier block the reducers refuse it). Loaded from the log on first use.
    private var latestBlockActions: [UInt64: (block: UInt64, actions: [Action: UInt64])]?

    /// Opens (or creates) the ledger in `directory` and brings its state up from the latest snapshot.
    public init(directory: String, options: EventLog.Options = EventLog.Options(), snapshotBytesPerEvent: UInt64 = 64) throws(EngineError) {
        self.snapshotBytesPerEvent = snapshotBytesPerEvent
        do { log = try EventLog(directory: directory, options: options) } catch { throw .log(error) }
        if let bad = log.firstBadSequence { throw .log(.refusedUnverified(firstBadSequence: bad)) }
        let newest: Snapshot?
        do { newest = try log.latestSnapshot(atOrBelow: log.head.sequence, reducerVersion: Self.reducerVersion) } catch { throw .log(error) }
        state = try Self.state(through: log.head.sequence, from: newest, in: log)
        if let newest {
            // Decoded just above: its archive headers parse.
            let archived = (try? StateArchive.length(ofCanonical: newest.data)) ?? 0
            lastSnapshot = (newest.sequence, UInt64(newest.data.count - archived))
        }
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
        try refuseDuplicates(actions)
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
            // The batch may or may not be in the log (an acknowledgement can be lost): rebuild from it.
            state = (try? Self.state(at: log.head.sequence, in: log)) ?? LedgerState()
            latestBlockActions = nil
            throw .log(error)
        }
        remember(actions, stored)
        // An epoch transition ending the submission marks an epoch boundary: snapshot the state there.
        if case .epochTransition = actions[actions.count - 1].event, let last = stored.last, snapshotDue(at: last.sequence) {
            try writeSnapshot(at: last.sequence)
        }
        return stored
    }

    private func refuseDuplicates(_ actions: [Action]) throws(EngineError) {
        if latestBlockActions == nil { latestBlockActions = try loadLatestBlockActions() }
        var seen = [Action: Int]()
        for (i, action) in actions.enumerated() {
            if let latest = latestBlockActions?[action.chainId], latest.block == action.blockNumber, let sequence = latest.actions[action] {
                throw .duplicate(index: i, sequence: sequence)
            }
            if let earlier = seen.updateValue(i, forKey: action) { throw .duplicate(index: i, sequence: log.head.sequence + 1 + UInt64(earlier)) }
        }
    }

    private func remember(_ actions: [Action], _ stored: [Envelope]) {
        for (action, envelope) in zip(actions, stored) {
            if latestBlockActions?[action.chainId]?.block != action.blockNumber {
                latestBlockActions?[action.chainId] = (action.blockNumber, [:])
            }
            latestBlockActions?[action.chainId]?.actions[action] = envelope.sequence
        }
    }

    /// Walks back from the head through every chain's latest block.
    private func loadLatestBlockActions() throws(EngineError) -> [UInt64: (block: UInt64, actions: [Action: UInt64])] {
        var found = [UInt64: (block: UInt64, actions: [Action: UInt64])]()
        var pending = Set(state.lastBlock.chainIds)
        guard log.head.sequence > 0, !pending.isEmpty else { return found }
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scanBackward(from: log.head.sequence) { (envelope) throws(EventLogError) in
                let r = envelope.record
                guard pending.contains(r.chainId), let latest = state.lastBlock[r.chainId] else { return true }
                guard r.blockNumber == latest else {
                    pending.remove(r.chainId)
                    return !pending.isEmpty
                }
                do throws(EventCodec.DecodingError) {
                    let event = try EventCodec.decode(kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                    let action = Action(event, chainId: r.chainId, blockNumber: r.blockNumber, timestamp: r.timestamp, sender: r.sender)
                    found[r.chainId, default: (latest, [:])].actions[action] = envelope.sequence
                } catch {
                    failure = .corrupt(sequence: envelope.sequence, reason: error.description)
                    return false
                }
                return true
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
        return found
    }

    private func snapshotDue(at sequence: UInt64) -> Bool {
        guard let lastSnapshot else { return true }
        let (events, overflow) = (sequence - lastSnapshot.sequence).multipliedReportingOverflow(by: snapshotBytesPerEvent)
        return overflow || events >= lastSnapshot.liveSize
    }

    private func writeSnapshot(at sequence: UInt64) throws(EngineError) {
        let bytes = state.canonicalEncoding()
        do {
            try log.storeSnapshot(Snapshot(sequence: sequence, root: Keccak256.hash(bytes), reducerVersion: Self.reducerVersion, data: bytes))
        } catch {
            throw .log(error)
        }
        lastSnapshot = (sequence, UInt64(bytes.count - state.archive.byteCount))
    }

    /// Replays `log` from genesis through `sequence`, decoding and reducing every entry and
    /// checking every snapshot root of this reducer version on the way; stops at the first mismatch.
    /// `epochEnd` gets the sequence of every epoch transition and the state just after it.
    public static func replay(_ log: EventLog, through sequence: UInt64 = .max, signatures: SignatureReplay = .allCores,
                              concurrency: ReplayConcurrency = .pipelined, progress: ((UInt64) -> Void)? = nil,
                              epochEnd: ((UInt64, LedgerState) -> Void)? = nil) throws(EngineError) -> LedgerState {
        try replay(log, from: LedgerState(), after: 0, through: sequence, signatures: signatures, concurrency: concurrency,
                   progress: progress, epochEnd: epochEnd)
    }

    /// The state at `sequence`, from the nearest snapshot at or below it (its bytes must hash to its
    /// stored root) and the events after it; from genesis when there is none. Signatures are not
    /// re-checked (``SignatureReplay/trusted``): this answers queries at log speed.
    public static func state(at sequence: UInt64, in log: EventLog) throws(EngineError) -> LedgerState {
        let snapshot: Snapshot?
        do { snapshot = try log.latestSnapshot(atOrBelow: sequence, reducerVersion: reducerVersion) } catch { throw .log(error) }
        return try state(through: sequence, from: snapshot, in: log)
    }

    /// The state at `sequence`: `snapshot` (at or below it) decoded and the events after it replayed,
    /// or a replay from genesis without one.
    static func state(through sequence: UInt64, from snapshot: Snapshot?, in log: EventLog) throws(EngineError) -> LedgerState {
        guard let snapshot else { return try replay(log, through: sequence, signatures: .trusted) }
        return try replay(log, from: decode(snapshot), after: snapshot.sequence, through: sequence, signatures: .trusted)
    }

    /// The state in `snapshot`, whose bytes must hash to its stored root. The hash is computed on a
    /// second thread while this one decodes (each is about half the cost of a large snapshot); that
    /// thread hands over its sponge at the archive's end, so the decoder need not hash it again.
    static func decode(_ snapshot: Snapshot) throws(EngineError) -> LedgerState {
        let data = snapshot.data
        let archive = Mutex<(sponge: Keccak256, length: Int)?>(nil), digest = Mutex(Word.zero)
        let archiveHashed = DispatchSemaphore(value: 0), hashed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var sponge = Keccak256()
            data.withUnsafeBytes { bytes in
                // Headers that do not parse: everything is hashed as one; the decoder names the problem.
                let length = (try? StateArchive.length(ofCanonical: data)) ?? 0
                sponge.update(UnsafeRawBufferPointer(rebasing: bytes[..<length]))
                let prefix = sponge
                archive.withLock { $0 = (prefix, length) }
                archiveHashed.signal()
                sponge.update(UnsafeRawBufferPointer(rebasing: bytes[length...]))
            }
            let hash = sponge.finalize()
            digest.withLock { $0 = hash }
            hashed.signal()
        }
        let decoded = Result { () throws(CanonicalDecoder.Error) in
            try LedgerState(canonical: data) {
                archiveHashed.wait()
                return archive.withLock { $0 }
            }
        }
        hashed.wait()
        let hash = digest.withLock { $0 }
        guard hash == snapshot.root else { throw .snapshotMismatch(sequence: snapshot.sequence, stored: snapshot.root, replayed: hash) }
        do { return try decoded.get() } catch { throw .corrupt(sequence: snapshot.sequence, reason: "snapshot: \(error)") }
    }

    /// Replays the entries after `after` through `sequence` onto `state`, checking the snapshots on
    /// the way and the signatures as `signatures` says, on the threads `concurrency` says. The first
    /// problem in log order is reported with its sequence.
    public static func replay(_ log: EventLog, from start: LedgerState, after: UInt64, through sequence: UInt64 = .max,
                              signatures: SignatureReplay = .allCores, concurrency: ReplayConcurrency = .pipelined,
                              progress: ((UInt64) -> Void)? = nil,
                              epochEnd: ((UInt64, LedgerState) -> Void)? = nil) throws(EngineError) -> LedgerState {
        var state = start
        let roots: [(sequence: UInt64, root: Word, size: Int)]
        do {
            roots = after < sequence ? try log.snapshotRoots(reducerVersion: reducerVersion, in: (after + 1)...sequence) : []
        } catch {
            throw .log(error)
        }
        var nextRoot = 0
        var checker: ParallelSignatureChecker?
        if case .parallel(let threads) = signatures { checker = ParallelSignatureChecker(threads: threads) }
        let checks: SignatureChecks = signatures == .inline ? .verify : .skip
        let rootChecker = concurrency == .pipelined && !roots.isEmpty ? SnapshotRootChecker() : nil
        var failure: EngineError?
        do throws(EngineError) {
            // With signature workers on the cores, decoding stays on this thread: no core is free for it.
            let decoding: ReplayConcurrency = checker == nil ? concurrency : .single
            try forEachEvent(in: log, after: after, through: sequence, concurrency: decoding) { (envelope, event) throws(EngineError) in
                let context = Self.context(of: envelope, signatureChecks: checks)
                if checker != nil, let claim = state.signatureClaim(for: event, context) { checker?.add(claim) }
                try apply(event, context, to: &state)
                if nextRoot < roots.count, roots[nextRoot].sequence == envelope.sequence {
                    if let rootChecker {
                        if let bad = rootChecker.mismatch { throw .snapshotMismatch(sequence: bad.sequence, stored: bad.stored, replayed: bad.replayed) }
                        rootChecker.check(state, at: envelope.sequence, stored: roots[nextRoot].root)
                    } else {
                        let replayed = state.root
                        guard roots[nextRoot].root == replayed else {
                            throw .snapshotMismatch(sequence: envelope.sequence, stored: roots[nextRoot].root, replayed: replayed)
                        }
                    }
                    nextRoot += 1
                }
                if let epochEnd, case .epochTransition = event { epochEnd(envelope.sequence, state) }
                if envelope.sequence & 0xffff == 0 { progress?(envelope.sequence) }
            }
        } catch {
            failure = error
        }
        // A snapshot mismatch found in the background is earlier in the log than anything replay met
        // after handing that snapshot over; a bad signature found by the workers comes first when it
        // is earlier still.
        if let bad = rootChecker?.finish() {
            failure = .snapshotMismatch(sequence: bad.sequence, stored: bad.stored, replayed: bad.replayed)
        }
        if let bad = checker?.finish().failure, bad.sequence <= failure?.sequence ?? .max {
            failure = .corrupt(sequence: bad.sequence, reason: "signature check failed: \(bad.error)")
        }
        if let failure { throw failure }
        return state
    }

    /// Decodes every entry after `after` through `sequence` and hands it to `body`, in log order
    /// (scanned and decoded on a second thread unless `concurrency` is `.single`). An entry that is
    /// not an event of this build is reported as corruption with its sequence.
    static func forEachEvent(in log: EventLog, after: UInt64, through sequence: UInt64, concurrency: ReplayConcurrency = .pipelined,
                             _ body: (EntryHeader, ProtocolEvent) throws(EngineError) -> Void) throws(EngineError) {
        switch concurrency {
        case .pipelined: try DecodingPipeline.forEach(in: log, after: after, through: sequence, body)
        case .single: try DecodingPipeline.forEachInline(in: log, after: after, through: sequence, body)
        }
    }

    /// The context a logged entry was reduced in.
    static func context(of entry: EntryHeader, signatureChecks: SignatureChecks) -> EventContext {
        EventContext(sequence: entry.sequence, chainId: entry.chainId, blockNumber: entry.blockNumber,
                     timestamp: entry.timestamp, sender: entry.sender, signatureChecks: signatureChecks)
    }

    /// Reduces a logged event; a refusal here means corruption or a reducer-version mismatch.
    static func apply(_ event: ProtocolEvent, _ context: EventContext, to state: inout LedgerState) throws(EngineError) {
        do throws(Refusal) {
            try state.reduce(event, context)
        } catch {
            throw .corrupt(sequence: context.sequence, reason: "the reducers refuse a logged event: \(error.error)")
        }
    }
}

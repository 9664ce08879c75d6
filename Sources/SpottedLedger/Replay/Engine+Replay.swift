import Ethereum
import EventLog
import SpottedProtocol

extension Engine {
    /// Replays `log` from genesis through `sequence`, decoding and reducing every entry and
    /// checking every snapshot root of this reducer version on the way; stops at the first mismatch.
    /// `epochEnd` gets the sequence of every epoch transition and the state just after it;
    /// `archived` the archive records the events finalize.
    public static func replay(
        _ log: EventLog, through sequence: UInt64 = .max, signatures: SignatureReplay = .allCores,
        concurrency: ReplayConcurrency = .pipelined, progress: ((UInt64) -> Void)? = nil,
        epochEnd: ((UInt64, LedgerState) -> Void)? = nil,
        archived: ([StateArchive.Record]) -> Void = { _ in }
    ) throws(EngineError) -> LedgerState {
        try replay(
            log, from: LedgerState(), after: 0, through: sequence, signatures: signatures,
            concurrency: concurrency,
            progress: progress, epochEnd: epochEnd, archived: archived)
    }

    /// Replays the entries after `after` through `sequence` onto `state`, checking the snapshots on
    /// the way and the signatures as `signatures` says, on the threads `concurrency` says. The first
    /// problem in log order is reported with its sequence. `archived` gets the archive records
    /// the events finalize, as they do (the state keeps only their hash).
    public static func replay(
        _ log: EventLog, from start: LedgerState, after: UInt64, through sequence: UInt64 = .max,
        signatures: SignatureReplay = .allCores, concurrency: ReplayConcurrency = .pipelined,
        progress: ((UInt64) -> Void)? = nil, epochEnd: ((UInt64, LedgerState) -> Void)? = nil,
        archived: ([StateArchive.Record]) -> Void = { _ in }
    ) throws(EngineError) -> LedgerState {
        var state = start
        let roots: [(sequence: UInt64, root: Word, size: Int)]
        do {
            roots =
                after < sequence
                ? try log.snapshotRoots(reducerVersion: reducerVersion, in: (after + 1)...sequence)
                : []
        } catch {
            throw .log(error)
        }
        var nextRoot = 0
        var checker: ParallelSignatureChecker?
        if case .parallel(let threads) = signatures {
            checker = ParallelSignatureChecker(threads: threads)
        }
        let checks: SignatureChecks = signatures == .inline ? .verify : .skip
        let rootChecker = concurrency == .pipelined && !roots.isEmpty ? SnapshotRootChecker() : nil
        var failure: EngineError?
        do throws(EngineError) {
            // With signature workers on the cores, decoding stays on this thread: no core is free for it.
            let decoding: ReplayConcurrency = checker == nil ? concurrency : .single
            try forEachEvent(in: log, after: after, through: sequence, concurrency: decoding) {
                (envelope, event) throws(EngineError) in
                let context = Self.context(of: envelope, signatureChecks: checks)
                if checker != nil, let claim = state.signatureClaim(for: event, context) {
                    checker?.add(claim)
                }
                try apply(event, context, to: &state, archived: archived)
                if nextRoot < roots.count, roots[nextRoot].sequence == envelope.sequence {
                    if let rootChecker {
                        if let bad = rootChecker.mismatch {
                            throw .snapshotMismatch(
                                sequence: bad.sequence, stored: bad.stored, replayed: bad.replayed)
                        }
                        rootChecker.check(
                            state, at: envelope.sequence, stored: roots[nextRoot].root)
                    } else {
                        let replayed = state.root
                        guard roots[nextRoot].root == replayed else {
                            throw .snapshotMismatch(
                                sequence: envelope.sequence, stored: roots[nextRoot].root,
                                replayed: replayed)
                        }
                    }
                    nextRoot += 1
                }
                if let epochEnd, case .epochTransition = event {
                    epochEnd(envelope.sequence, state)
                }
                if envelope.sequence & 0xfff == 0 { progress?(envelope.sequence) }
            }
        } catch {
            failure = error
        }
        // A snapshot mismatch found in the background is earlier in the log than anything replay met
        // after handing that snapshot over; a bad signature found by the workers comes first when it
        // is earlier still.
        if let bad = rootChecker?.finish() {
            failure = .snapshotMismatch(
                sequence: bad.sequence, stored: bad.stored, replayed: bad.replayed)
        }
        if let bad = checker?.finish().failure, bad.sequence <= failure?.sequence ?? .max {
            failure = .corrupt(
                sequence: bad.sequence, reason: "signature check failed: \(bad.error)")
        }
        if let failure { throw failure }
        return state
    }

    /// Decodes every entry after `after` through `sequence` and hands it to `body`, in log order
    /// (scanned and decoded on a second thread unless `concurrency` is `.single`). An entry that is
    /// not an event of this build is reported as corruption with its sequence.
    public static func forEachEvent(
        in log: EventLog, after: UInt64, through sequence: UInt64,
        concurrency: ReplayConcurrency = .pipelined,
        _ body: (EntryHeader, ProtocolEvent) throws(EngineError) -> Void
    ) throws(EngineError) {
        switch concurrency {
        case .pipelined:
            try DecodingPipeline.forEach(in: log, after: after, through: sequence, body)
        case .single:
            try DecodingPipeline.forEachInline(in: log, after: after, through: sequence, body)
        }
    }

    /// The context a logged entry was reduced in.
    static func context(of entry: EntryHeader, signatureChecks: SignatureChecks) -> EventContext {
        EventContext(
            sequence: entry.sequence, chainId: entry.chainId, blockNumber: entry.blockNumber,
            timestamp: entry.timestamp, sender: entry.sender, signatureChecks: signatureChecks)
    }

    /// Reduces a logged event; a refusal here means corruption or a reducer-version mismatch.
    /// The archive records it finalizes go to `archived` and leave the state.
    static func apply(
        _ event: ProtocolEvent, _ context: EventContext, to state: inout LedgerState,
        archived: ([StateArchive.Record]) -> Void = { _ in }
    ) throws(EngineError) {
        do throws(Refusal) {
            try state.reduce(event, context)
        } catch {
            throw .corrupt(
                sequence: context.sequence,
                reason: "the reducers refuse a logged event: \(error.error)")
        }
        if !state.archive.pending.isEmpty { archived(state.takeArchived()) }
    }
}

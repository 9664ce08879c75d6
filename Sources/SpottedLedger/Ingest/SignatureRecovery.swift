import Dispatch
import Ethereum
import SpottedProtocol
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The recovery stage of ingestion: the signatures of a run of actions recovered on several threads
/// before one thread reduces them, handed to the reducers as
/// ``SignatureChecks/recovered(digest:signer:)``.
public enum SignatureRecovery {
    /// Each action's signature mode: ``SignatureChecks/recovered(digest:signer:)`` when its signed
    /// message can be found without the state — the genesis (given, or earlier in `actions`), a
    /// response's task slot (`taskSlot`, or a task created earlier in `actions`) — else
    /// ``SignatureChecks/verify`` (the reducer recovers inline and gives the refusal).
    public static func checks(
        for actions: [Action], genesis: LedgerGenesis?, resolverDomainSeparator: Word,
        threads: Int, taskSlot: (Word) -> StateSlot?
    ) -> [SignatureChecks] {
        checks(
            for: actions, genesis: genesis, resolverDomainSeparator: resolverDomainSeparator,
            threads: threads, taskSlot: taskSlot, digests: ResponseDigests())
    }

    /// ``checks(for:genesis:resolverDomainSeparator:threads:taskSlot:)`` with response digests
    /// looked up in, and added to, `digests`.
    static func checks(
        for actions: [Action], genesis: LedgerGenesis?, resolverDomainSeparator: Word,
        threads: Int, taskSlot: (Word) -> StateSlot?, digests: ResponseDigests
    ) -> [SignatureChecks] {
        let messages = signedMessages(
            actions, genesis: genesis, resolverDomainSeparator: resolverDomainSeparator,
            taskSlot: taskSlot, digests: digests)
        let signed = messages.indices.filter { messages[$0] != nil }
        var checks = [SignatureChecks](repeating: .verify, count: actions.count)
        guard !signed.isEmpty else { return checks }
        let workers = min(threads, (signed.count + 15) / 16)
        if workers <= 1 {
            for i in signed { checks[i] = messages[i]?.recovered() ?? .verify }
            return checks
        }
        checks.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { t in
                var k = t
                while k < signed.count {
                    let i = signed[k]
                    out[i] = messages[i]?.recovered() ?? .verify
                    k += workers
                }
            }
        }
        return checks
    }

    /// The message each action's signature signs, where it is known before reduction; a response
    /// digest is hashed once per task, value and domain (`digests`: this call's own by default).
    static func signedMessages(
        _ actions: [Action], genesis: LedgerGenesis?, resolverDomainSeparator: Word,
        taskSlot: (Word) -> StateSlot?, digests: ResponseDigests = ResponseDigests()
    ) -> [SignedMessage?] {
        var genesis = genesis
        var separator = resolverDomainSeparator
        var local = [Word: StateSlot]()
        var messages = [SignedMessage?]()
        messages.reserveCapacity(actions.count)
        for action in actions {
            switch action.event {
            case .genesis(let g) where genesis == nil:
                genesis = g
                separator = g.resolverDomain.separator
            case .createTask(let slot):
                local[slot.claim(.zero).taskId] = slot
            default:
                break
            }
            guard let genesis else {
                messages.append(nil)
                continue
            }
            messages.append(
                SignedMessage.of(
                    action.event, sender: action.sender, genesis: genesis,
                    responseDigest: { id, value in
                        digests.digest(
                            taskId: id, value: value, resolverDomainSeparator: separator,
                            slot: { local[id] ?? taskSlot(id) })
                    }))
        }
        return messages
    }
}

extension SignatureRecovery {
    /// Response digests by task, value and resolver domain, kept across calls: every operator that
    /// answers a task with the same value signs the same digest, so it is hashed once, not once per
    /// responder. A task id names one slot (it is the slot's hash), so an entry never goes stale;
    /// the table is emptied when it reaches ``maxEntries``.
    final class ResponseDigests: Sendable {
        /// What a response digest depends on.
        struct Key: Hashable {
            var taskId: Word
            var value: UInt256
            var resolverDomainSeparator: Word
        }

        /// Most digests kept.
        static let maxEntries = 1 << 16
        private let table = Mutex<[Key: Word]>([:])

        /// The digest a response of `value` to task `taskId` signs: kept, or hashed from the
        /// task's slot (`slot`; nil when the task is unknown) and kept.
        func digest(
            taskId: Word, value: UInt256, resolverDomainSeparator: Word,
            slot: () -> StateSlot?
        ) -> Word? {
            let key = Key(
                taskId: taskId, value: value, resolverDomainSeparator: resolverDomainSeparator)
            if let known = table.withLock({ $0[key] }) { return known }
            guard let slot = slot() else { return nil }
            let digest = SignedMessage.responseDigest(
                slot, value: value, resolverDomainSeparator: resolverDomainSeparator)
            table.withLock { t in
                if t.count >= Self.maxEntries { t.removeAll() }
                t[key] = digest
            }
            return digest
        }
    }

    /// Recovers the signatures of `messages` on `threads` threads while `consume` takes each
    /// action's signature mode in order as soon as it is recovered: the consumer (one thread,
    /// reducing) helps recover when it would otherwise wait, so reduction, writes and recovery
    /// overlap. `consume` returning false stops the pipeline (the rest is not consumed).
    static func pipeline(
        _ messages: [SignedMessage?], threads: Int, _ consume: (Int, SignatureChecks) -> Bool
    ) {
        let signed = messages.indices.filter { messages[$0] != nil }
        guard threads > 1, signed.count >= 16 else {
            for i in messages.indices where !consume(i, messages[i]?.recovered() ?? .verify) {
                return
            }
            return
        }
        let board = RecoveryBoard(messages, signed: signed)
        defer { board.release() }
        withoutActuallyEscaping(consume) { consume in
            nonisolated(unsafe) let consume = consume
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                guard t == 0 else {
                    while !board.stopped.load(ordering: .relaxed), board.recoverNext() {}
                    return
                }
                for i in messages.indices {
                    while !board.isRecovered(i) {
                        if !board.recoverNext() { sched_yield() }
                    }
                    if !consume(i, board.checks[i]) {
                        board.stopped.store(true, ordering: .relaxed)
                        return
                    }
                }
            }
        }
    }

    /// The shared state of one ``pipeline(_:threads:_:)``: the next signature to claim, each
    /// action's signature mode, and whether it is recovered yet.
    final class RecoveryBoard: @unchecked Sendable {
        let messages: [SignedMessage?]
        let signed: [Int]
        let next = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let checks: UnsafeMutableBufferPointer<SignatureChecks>
        let recovered: UnsafeMutablePointer<Atomic<Bool>>

        init(_ messages: [SignedMessage?], signed: [Int]) {
            self.messages = messages
            self.signed = signed
            checks = .allocate(capacity: messages.count)
            checks.initialize(repeating: .verify)
            recovered = .allocate(capacity: messages.count)
            for i in messages.indices {
                (recovered + i).initialize(to: Atomic(messages[i] == nil))
            }
        }

        /// Claims and recovers the next unclaimed signature; false when none is left.
        func recoverNext() -> Bool {
            let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard k < signed.count else { return false }
            let i = signed[k]
            checks[i] = messages[i]?.recovered() ?? .verify
            recovered[i].store(true, ordering: .releasing)
            return true
        }

        /// Whether action `i`'s signature mode is final.
        func isRecovered(_ i: Int) -> Bool { recovered[i].load(ordering: .acquiring) }

        /// Frees the buffers (after every thread is done).
        func release() {
            checks.deinitialize()
            checks.deallocate()
            recovered.deinitialize(count: messages.count)
            recovered.deallocate()
        }
    }
}

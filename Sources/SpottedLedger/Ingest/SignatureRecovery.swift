import Dispatch
import Ethereum
import SpottedProtocol

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
        let messages = signedMessages(
            actions, genesis: genesis, resolverDomainSeparator: resolverDomainSeparator,
            taskSlot: taskSlot)
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

    /// The message each action's signature signs, where it is known before reduction.
    static func signedMessages(
        _ actions: [Action], genesis: LedgerGenesis?, resolverDomainSeparator: Word,
        taskSlot: (Word) -> StateSlot?
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
                    resolverDomainSeparator: separator,
                    taskSlot: { id in local[id] ?? taskSlot(id) }))
        }
        return messages
    }
}

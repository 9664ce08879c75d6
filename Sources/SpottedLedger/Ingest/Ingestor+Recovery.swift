import Dispatch
import Ethereum
import SpottedProtocol

/// The recovery stage: signatures recovered on the submitting threads (an array on every core)
/// before the reducing thread sees them, and the hints that stage reads.
extension Ingestor {
    /// Each action's signature mode, recovered on ``Options/recoveryThreads`` threads with the
    /// hints the reducing thread keeps (see ``SignatureRecovery``).
    func recoverSignatures(_ actions: [Action]) -> [SignatureChecks] {
        let (genesis, separator) = hints.withLock { ($0.genesis, $0.resolverDomainSeparator) }
        return SignatureRecovery.checks(
            for: actions, genesis: genesis, resolverDomainSeparator: separator,
            threads: options.recoveryThreads,
            taskSlot: { id in self.hints.withLock { $0.taskSlots[id] } }, digests: responseDigests)
    }

    /// Updates the hints after the reducing thread staged `action`.
    func noteHints(after action: Action, _ engine: Engine) {
        switch action.event {
        case .genesis:
            resetHints(engine)
        case .createTask(let slot):
            hints.withLock { $0.taskSlots[slot.claim(.zero).taskId] = slot }
        case .epochTransition:
            // Expired tasks were retired: the hints drop them too.
            resetHints(engine)
        default:
            break
        }
    }

    /// Hints read afresh from the engine's state.
    func resetHints(_ engine: Engine) {
        let state = engine.state
        let slots = state.tasks.tasks.mapValues(\.slot)
        hints.withLock { h in
            h.genesis = state.genesis
            h.resolverDomainSeparator = state.resolverDomainSeparator
            h.taskSlots = slots
        }
    }
}

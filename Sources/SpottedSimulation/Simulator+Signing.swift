import Dispatch
import Ethereum
import SpottedLedger
import SpottedProtocol

extension Simulator {
    /// An operator answering a task: its signing key in force and whether it lies.
    struct Responder {
        var `operator`: Address
        var key: PrivateKey
        var lying: Bool
    }

    /// The registered operators that answer this task (three in four, drawn from the seed), each
    /// with its signing key in force now: rotations take effect from their effective epoch.
    mutating func responders(generations: [Int], engine: Engine) -> [Responder] {
        var responders = [Responder]()
        let registry = engine.state.stakeRegistry
        let epoch = engine.state.currentEpoch
        for i in 0..<options.operators {
            guard let op = operatorKey(i)?.address, registry.isRegistered(op), rng.next() % 4 != 0
            else { continue }
            let inForce = registry.signingKey(of: op, at: epoch)
            let keys = (0...generations[i]).reversed().compactMap { g in signingKey(i, g) }
            guard let signing = keys.first(where: { $0.address == inForce }) else { continue }
            responders.append(Responder(operator: op, key: signing, lying: i < options.dishonest))
        }
        return responders
    }

    /// Signs each digest with its key, on every core (one, without ``Options/groupCommit``); the
    /// signatures in order.
    func sign(_ work: [(key: PrivateKey, digest: Word)]) -> [[UInt8]] {
        var signatures = [[UInt8]](repeating: [], count: work.count)
        let cores = options.groupCommit ? Ingestor.Options().recoveryThreads : 1
        let threads = min(cores, max(1, work.count / 8))
        signatures.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var i = t
                while i < work.count {
                    out[i] = work[i].key.sign(digest: work[i].digest).bytes
                    i += threads
                }
            }
        }
        return signatures
    }
}

import Dispatch
import Ethereum
import SpottedLedger
import SpottedProtocol

extension Simulator {
    /// Addresses of the simulated keys, derived once each.
    struct KeyAddresses {
        var operators: [Int: Address?] = [:]
        var signing: [Int: Address?] = [:]
    }

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
            guard let op = operatorAddress(i), registry.isRegistered(op), rng.next() % 4 != 0
            else { continue }
            let inForce = registry.signingKey(of: op, at: epoch)
            // The newest generation first, as the keys rotate forward.
            guard
                let g = (0...generations[i]).reversed().first(where: {
                    signingAddress(i, $0) == inForce
                }), let signing = signingKey(i, g)
            else { continue }
            responders.append(Responder(operator: op, key: signing, lying: i < options.dishonest))
        }
        return responders
    }

    /// Operator `i`'s address, derived once (an address costs an elliptic-curve multiplication).
    mutating func operatorAddress(_ i: Int) -> Address? {
        if let known = addresses.operators[i] { return known }
        let address = operatorKey(i)?.address
        addresses.operators[i] = address
        return address
    }

    /// The address of operator `i`'s signing key of rotation `generation`, derived once.
    mutating func signingAddress(_ i: Int, _ generation: Int) -> Address? {
        let key = i << 32 | generation
        if let known = addresses.signing[key] { return known }
        let address = signingKey(i, generation)?.address
        addresses.signing[key] = address
        return address
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

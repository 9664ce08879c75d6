import Dispatch
import Ethereum
import EventLog
import SpottedProtocol
import Synchronization

extension Engine {
    /// The state in `snapshot`, whose root (the archive's sponge continued over the live part,
    /// ``LedgerState/snapshotRoot(of:)``) must be its stored root. The live part is hashed on a
    /// second thread while this one decodes (each is about half the cost of a large snapshot).
    static func decode(_ snapshot: Snapshot) throws(EngineError) -> LedgerState {
        let data = snapshot.data
        let digest = Mutex<Word?>(nil)
        let hashed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // A prefix that does not parse leaves no root; the decoder names the problem.
            let root = try? LedgerState.snapshotRoot(of: data).root
            digest.withLock { $0 = root }
            hashed.signal()
        }
        let decoded = Result { () throws(CanonicalDecoder.Error) in
            try LedgerState(snapshot: data)
        }
        hashed.wait()
        // A prefix that does not parse has no root: reported as a mismatch, as bytes that do not
        // hash to their root are, before any decoding problem.
        guard let hash = digest.withLock({ $0 }), hash == snapshot.root else {
            throw .snapshotMismatch(
                sequence: snapshot.sequence, stored: snapshot.root,
                replayed: digest.withLock { $0 } ?? .zero)
        }
        do { return try decoded.get() } catch {
            throw .corrupt(sequence: snapshot.sequence, reason: "snapshot: \(error)")
        }
    }
}

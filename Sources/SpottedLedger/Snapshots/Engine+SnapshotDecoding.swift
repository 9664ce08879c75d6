import Dispatch
import Ethereum
import EventLog
import SpottedProtocol
import Synchronization

extension Engine {
    /// The state in `snapshot`, whose bytes must hash to its stored root. The hash is computed on a
    /// second thread while this one decodes (each is about half the cost of a large snapshot); that
    /// thread hands over its sponge at the archive's end, so the decoder need not hash it again.
    static func decode(_ snapshot: Snapshot) throws(EngineError) -> LedgerState {
        let data = snapshot.data
        let archive = Mutex<(sponge: Keccak256, length: Int)?>(nil)
        let digest = Mutex(Word.zero)
        let archiveHashed = DispatchSemaphore(value: 0)
        let hashed = DispatchSemaphore(value: 0)
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
        guard hash == snapshot.root else {
            throw .snapshotMismatch(
                sequence: snapshot.sequence, stored: snapshot.root, replayed: hash)
        }
        do { return try decoded.get() } catch {
            throw .corrupt(sequence: snapshot.sequence, reason: "snapshot: \(error)")
        }
    }
}

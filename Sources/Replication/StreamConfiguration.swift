import Foundation
import SpottedLedger

/// The JetStream stream that holds one ledger: one subject, file storage, replicated, atomic
/// batches allowed, deletes and purges denied (an entry, once acknowledged, stays).
public struct StreamConfiguration: Sendable, Equatable {
    /// The stream's name (letters, digits, `-` and `_`; no `.`, `*`, `>` or spaces).
    public var name: String
    /// The one subject the ledger's entries are published on.
    public var subject: String
    /// How many nodes hold a copy (3 for a cluster; a quorum of them acknowledges a write).
    public var replicas: Int
    /// The window in which the server drops a message whose `Nats-Msg-Id` it has stored, in seconds.
    public var duplicateWindowSeconds: Int

    /// The stream `name` on subject `subject` (by default `ledger.<name>`).
    public init(
        name: String, subject: String? = nil, replicas: Int = 3, duplicateWindowSeconds: Int = 120
    ) {
        self.name = name
        self.subject = subject ?? "ledger.\(name)"
        self.replicas = replicas
        self.duplicateWindowSeconds = duplicateWindowSeconds
    }

    /// Throws unless the name is one JetStream accepts as a single subject token.
    func validate() throws(ReplicationError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 255, name.allSatisfy(allowed.contains) else {
            throw .failed(
                code: nil, description: "stream name \"\(name)\": use letters, digits, - and _")
        }
        guard replicas >= 1, replicas <= 5 else {
            throw .failed(
                code: nil, description: "stream \(name): replicas \(replicas) outside 1...5")
        }
    }

    /// The `$JS.API.STREAM.CREATE` request body (libnats 3.4.1 has no field for `allow_atomic`).
    var createRequest: [UInt8] {
        let document: [String: Any] = [
            "name": name, "subjects": [subject], "num_replicas": replicas, "storage": "file",
            "retention": "limits", "discard": "old", "allow_atomic": true, "deny_delete": true,
            "deny_purge": true, "duplicate_window": duplicateWindowSeconds * 1_000_000_000,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
            ?? Data()
        return Array(data)
    }
}

/// What `$JS.API.STREAM.INFO` says about a stream now.
public struct StreamState: Sendable, Equatable {
    /// The sequence of the last stored message (0 when the stream is empty).
    public var lastSequence: UInt64
    /// The number of stored messages.
    public var messages: UInt64
    /// The name of the node that leads the stream's Raft group, if it has a leader.
    public var leader: String?
    /// Whether the stream allows atomic batch publish.
    public var allowsAtomicPublish: Bool
}

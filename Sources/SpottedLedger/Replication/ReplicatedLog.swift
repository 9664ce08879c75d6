import EventLog

/// A replicated commit point outside this process (a NATS JetStream stream, in the `Replication`
/// module): the writer publishes each commit group there before its local write, and followers read
/// the entries back from it. Stream sequence and ledger sequence are equal: entry `n` of the ledger
/// is message `n` of the stream, its payload the entry's ``Envelope/encoded`` bytes.
public protocol ReplicatedLog: AnyObject, Sendable {
    /// The stream's last sequence as the cluster reports it now (0 when the stream is empty).
    func lastSequence() throws(ReplicationError) -> UInt64

    /// Publishes `entries` — consecutive, the first at `expectedLastSequence + 1` — as one atomic
    /// group fenced on `expectedLastSequence`: the stream stores all of them or none. Returns once
    /// the cluster has acknowledged the group (stored on a quorum of replicas).
    func publish(_ entries: PreparedEntries, expectedLastSequence: UInt64) throws(ReplicationError)

    /// Reads at most `limit` consecutive entries starting at `sequence`, waiting at most
    /// `timeoutMilliseconds` for the first one; an empty array when none arrived in time. Entries
    /// are decoded with their layout checked against their sequence (hash links are the caller's).
    func read(from sequence: UInt64, limit: Int, timeoutMilliseconds: Int)
        throws(ReplicationError) -> [Envelope]
}

extension ReplicatedLog {
    /// Publishes `entries` after checking their links and hashes (``PreparedEntries/init(checking:)``;
    /// a bad entry is `.failed` naming it, and nothing is sent).
    public func publish(_ entries: [Envelope], expectedLastSequence: UInt64)
        throws(ReplicationError)
    {
        let prepared: PreparedEntries
        do { prepared = try PreparedEntries(checking: entries) } catch {
            throw .failed(code: nil, description: "not published: \(error)")
        }
        try publish(prepared, expectedLastSequence: expectedLastSequence)
    }
}

/// Why a replicated commit or read failed.
public enum ReplicationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream's last sequence was not `expectedLastSequence`: another writer's entries are at
    /// its head, and the whole group was refused (JetStream error 10071). This node is no longer
    /// the writer.
    case fenced(expectedLastSequence: UInt64, streamLastSequence: UInt64?)
    /// The cluster did not answer in time (no quorum, a leader election, a lost connection): the
    /// group may or may not be stored, and only reading the stream back tells.
    case unavailable(String)
    /// The stream ends below the highest sequence this node had seen acknowledged: acknowledged
    /// entries are missing from it, and writing on would hide their loss.
    case streamBehind(streamLastSequence: UInt64, acknowledgedSequence: UInt64)
    /// The entry the stream holds at `sequence` is not the one the local chain has or expects.
    case divergent(sequence: UInt64, reason: String)
    /// Any other failure, with the server's error code when it gave one.
    case failed(code: Int?, description: String)

    /// The error in words, with the sequences it names.
    public var description: String {
        switch self {
        case .fenced(let expected, let last):
            "fenced: the stream's last sequence is \(last.map(String.init) ?? "not \(expected)"), this writer expected \(expected); another writer holds the stream"
        case .unavailable(let why):
            "the replication cluster is unavailable (\(why)); the group may or may not be stored"
        case .streamBehind(let last, let acknowledged):
            "the stream ends at sequence \(last), below sequence \(acknowledged) this node saw acknowledged; refusing to write"
        case .divergent(let sequence, let reason):
            "sequence \(sequence): the stream's entry diverges from the local chain (\(reason))"
        case .failed(let code, let description):
            "replication failed\(code.map { " (error \($0))" } ?? ""): \(description)"
        }
    }
}

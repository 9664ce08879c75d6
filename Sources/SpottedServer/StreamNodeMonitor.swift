/// One cluster node's own view of the replicated stream, read from that node (NATS: its `/jsz`
/// monitoring endpoint), not from the stream leader: a replica can fall behind while the leader
/// reports it current, so `/metrics` shows every node's own last sequence.
public protocol StreamNodeMonitor: Sendable {
    /// The node's name in metrics labels (its monitoring address, `127.0.0.1:8222`).
    var node: String { get }
    /// The last sequence the node has stored for the stream (nil when it holds no copy); throws
    /// when the node does not answer.
    func lastSequence() throws -> UInt64?
}

import CNATS
import Foundation
import SpottedLedger

/// How to reach a NATS cluster, with the reconnect and timeout options a fenced writer wants
/// (reference jetstream.md 8.3; libnats 3.4.1's defaults in brackets).
public struct NATSConnectionOptions: Sendable, Equatable {
    /// Every node's client URL (`nats://host:port`); the client fails over between them.
    public var urls: [String]
    /// How long one connect attempt may take, in milliseconds [2000].
    public var connectTimeoutMilliseconds: Int = 2000
    /// Reconnect attempts after a lost connection; -1 retries forever [60].
    public var maxReconnectAttempts: Int = -1
    /// The pause between reconnect rounds over all servers, in milliseconds [2000].
    public var reconnectWaitMilliseconds: Int = 250
    /// How often the client pings the server, in milliseconds [120 000]: a dead peer is noticed
    /// after `pingIntervalMilliseconds × maxPingsOut`.
    public var pingIntervalMilliseconds: Int = 5000
    /// Unanswered pings before the connection counts as lost [2].
    public var maxPingsOut: Int = 2
    /// The connection's name in the server's monitoring.
    public var name: String = "spotted-ledger"

    /// Options for the cluster at `urls`, every other option at the writer's default.
    public init(urls: [String]) { self.urls = urls }
}

/// One connection to a NATS cluster (libnats `natsConnection`), freed when the object goes.
///
/// The connection is thread-safe (libnats locks internally); each call blocks its thread until
/// the server answers or the timeout passes.
/// See https://nats-io.github.io/nats.c/group__conn_group.html
public final class NATSConnection: @unchecked Sendable {
    /// The libnats handle, owned by this object.
    let handle: OpaquePointer

    /// Connects to the first reachable URL of `options.urls` (in order), failing with
    /// ``ReplicationError/unavailable(_:)`` when none answers.
    public init(options: NATSConnectionOptions) throws(ReplicationError) {
        guard !options.urls.isEmpty else {
            throw .failed(code: nil, description: "no NATS server URL given")
        }
        var opts: OpaquePointer?
        try check(natsOptions_Create(&opts), "natsOptions_Create")
        guard let opts else {
            throw .failed(code: nil, description: "natsOptions_Create returned nothing")
        }
        defer { natsOptions_Destroy(opts) }
        let urls = options.urls.map { strdup($0) }
        defer { for url in urls { free(url) } }
        var servers: [UnsafePointer<CChar>?] = urls.map { $0.map { UnsafePointer($0) } }
        try check(
            natsOptions_SetServers(opts, &servers, Int32(servers.count)), "natsOptions_SetServers")
        try check(natsOptions_SetNoRandomize(opts, true), "natsOptions_SetNoRandomize")
        try check(
            natsOptions_SetTimeout(opts, Int64(options.connectTimeoutMilliseconds)),
            "natsOptions_SetTimeout")
        try check(
            natsOptions_SetMaxReconnect(opts, Int32(options.maxReconnectAttempts)),
            "natsOptions_SetMaxReconnect")
        try check(
            natsOptions_SetReconnectWait(opts, Int64(options.reconnectWaitMilliseconds)),
            "natsOptions_SetReconnectWait")
        try check(
            natsOptions_SetPingInterval(opts, Int64(options.pingIntervalMilliseconds)),
            "natsOptions_SetPingInterval")
        try check(
            natsOptions_SetMaxPingsOut(opts, Int32(options.maxPingsOut)),
            "natsOptions_SetMaxPingsOut")
        // A request pending when the connection drops fails at once instead of at its timeout.
        try check(
            natsOptions_SetFailRequestsOnDisconnect(opts, true),
            "natsOptions_SetFailRequestsOnDisconnect")
        try check(natsOptions_SetName(opts, options.name), "natsOptions_SetName")
        var connection: OpaquePointer?
        try check(
            natsConnection_Connect(&connection, opts),
            "connect to \(options.urls.joined(separator: ","))")
        guard let connection else {
            throw .failed(code: nil, description: "natsConnection_Connect returned nothing")
        }
        handle = connection
    }

    deinit { natsConnection_Destroy(handle) }

    /// Sends `body` to `subject` and waits at most `timeoutMilliseconds` for the one reply's bytes.
    public func request(subject: String, body: [UInt8], timeoutMilliseconds: Int)
        throws(ReplicationError)
        -> [UInt8]
    {
        var reply: OpaquePointer?
        let status = body.withUnsafeBufferPointer {
            natsConnection_Request(
                &reply, handle, subject, UnsafeRawPointer($0.baseAddress), Int32($0.count),
                Int64(timeoutMilliseconds))
        }
        defer { natsMsg_Destroy(reply) }
        try check(status, "request on \(subject)")
        return Self.data(of: reply)
    }

    /// The payload bytes of a libnats message (empty for none).
    static func data(of message: OpaquePointer?) -> [UInt8] {
        guard let message, let base = natsMsg_GetData(message) else { return [] }
        let count = Int(natsMsg_GetDataLength(message))
        return base.withMemoryRebound(to: UInt8.self, capacity: count) {
            Array(UnsafeBufferPointer(start: $0, count: count))
        }
    }
}

/// Throws the ``ReplicationError`` for a libnats status that is not `NATS_OK`: a timeout, no
/// responders or a lost connection is ``ReplicationError/unavailable(_:)``, anything else
/// ``ReplicationError/failed(code:description:)`` with libnats' own text.
func check(_ status: natsStatus, _ what: @autoclosure () -> String) throws(ReplicationError) {
    guard status != NATS_OK else { return }
    let text = natsStatus_GetText(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
    let unavailable: Set<UInt32> = [
        NATS_TIMEOUT.rawValue, NATS_NO_RESPONDERS.rawValue, NATS_NO_SERVER.rawValue,
        NATS_CONNECTION_CLOSED.rawValue, NATS_CONNECTION_DISCONNECTED.rawValue,
        NATS_NOT_YET_CONNECTED.rawValue, NATS_INSUFFICIENT_BUFFER.rawValue,
        NATS_STALE_CONNECTION.rawValue,
        NATS_IO_ERROR.rawValue,
    ]
    if unavailable.contains(status.rawValue) { throw .unavailable("\(what()): \(text)") }
    throw .failed(code: nil, description: "\(what()): libnats \(text)")
}

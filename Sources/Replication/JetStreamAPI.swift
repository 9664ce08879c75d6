import Foundation
import SpottedLedger

/// JetStream's JSON API (`$JS.API.…` requests) over a ``NATSConnection``: stream create and info,
/// and the one reading of the server's `{"error": {"err_code", "description"}}` replies.
/// See https://docs.nats.io/reference/reference-protocols/nats_api_reference
public struct JetStreamAPI: Sendable {
    /// The connection the requests go over.
    public let connection: NATSConnection
    /// How long one API request waits for its reply, in milliseconds.
    public var requestTimeoutMilliseconds: Int

    /// The API over `connection`.
    public init(connection: NATSConnection, requestTimeoutMilliseconds: Int = 2000) {
        self.connection = connection
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
    }

    /// JetStream's code for "stream name already in use with a different configuration".
    public static let streamNameInUseCode = 10058
    /// JetStream's code for "stream not found".
    public static let streamNotFoundCode = 10059
    /// JetStream's code for "wrong last sequence" (a stale `Nats-Expected-Last-Sequence`).
    public static let wrongLastSequenceCode = 10071
    /// JetStream's code for "atomic publish batch contains duplicate message id".
    public static let batchDuplicateMessageIDCode = 10201

    /// Creates the stream, or confirms it exists with the same configuration (the server answers a
    /// repeated identical create with success), retrying timeouts and a settling cluster's
    /// refusals (``transientCreateCodes``) until `timeoutMilliseconds` pass; then waits until the
    /// stream has a leader and publishes reach it. Returns its state.
    public func ensureStream(
        _ configuration: StreamConfiguration, timeoutMilliseconds: Int = 30_000
    )
        throws(ReplicationError) -> StreamState
    {
        try configuration.validate()
        let deadline = Deadline(milliseconds: timeoutMilliseconds)
        let subject = "$JS.API.STREAM.CREATE.\(configuration.name)"
        while true {
            do {
                let reply = try connection.request(
                    subject: subject, body: configuration.createRequest,
                    timeoutMilliseconds: requestTimeoutMilliseconds)
                _ = try Self.document(reply, what: "create stream \(configuration.name)")
                break
            } catch {
                guard let why = Self.settling(error, Self.transientCreateCodes) else { throw error }
                guard !deadline.passed else {
                    throw .unavailable("create stream \(configuration.name): \(why)")
                }
                Deadline.pause(milliseconds: 100)
            }
        }
        let state = try waitForLeader(
            configuration.name, deadline: deadline, retrying: Self.transientInfoCodes)
        try waitUntilPublishable(configuration, deadline: deadline)
        return state
    }

    /// JetStream API errors a stream creation gets while the cluster settles, retried until the
    /// deadline: 10005 no suitable peers for placement (a peer not yet current), 10008 JetStream
    /// system temporarily unavailable (no meta leader yet), 10023 insufficient resources (a
    /// peer's resources not yet reported).
    static let transientCreateCodes: Set<Int> = [10005, 10008, 10023]

    /// JetStream API errors a new stream's info gets while it settles: 10008 (no meta leader yet),
    /// 10059 stream not found (a replica that has not applied the creation yet).
    static let transientInfoCodes: Set<Int> = [10008, 10059]

    /// Why to wait and ask again when `error` is a cluster still settling — no answer, or a
    /// refusal with one of `codes` (a busy machine: a peer's heartbeat late) — nil otherwise.
    static func settling(_ error: ReplicationError, _ codes: Set<Int>) -> String? {
        switch error {
        case .unavailable(let why): why
        case .failed(let code?, let why) where codes.contains(code): why
        default: nil
        }
    }

    /// Waits until a publish on the stream's subject reaches the stream: right after its creation
    /// (or a node's restart) the subject may have no responders yet on the server this connection
    /// uses, and a commit sent then fails "no responders". The probe is a one-message batch fenced
    /// on an impossible last sequence: the stream refuses it (10071) and stores nothing.
    func waitUntilPublishable(_ configuration: StreamConfiguration, deadline: Deadline)
        throws(ReplicationError)
    {
        var last = "no answer"
        while true {
            do throws(ReplicationError) {
                _ = try connection.publishAtomicBatch(
                    subject: configuration.subject, payloads: [[0]],
                    expectedLastSequence: 1 << 60, timeoutMilliseconds: requestTimeoutMilliseconds)
                throw ReplicationError.failed(
                    code: nil,
                    description: "stream \(configuration.name) stored the fence probe")
            } catch .fenced {
                return
            } catch .unavailable(let why) {
                last = why
            }
            guard !deadline.passed else {
                throw .unavailable(
                    "stream \(configuration.name) unreachable for publishes: \(last)")
            }
            Deadline.pause(milliseconds: 100)
        }
    }

    /// Polls the stream's info until it names a leader (a replica may answer before one is
    /// elected, reference 1.3), asking again after no answer or a refusal with one of `codes`
    /// (10008 by default: no meta leader yet; a missing stream's 10059 is thrown at once unless
    /// given), failing with ``ReplicationError/unavailable(_:)`` at `deadline`.
    func waitForLeader(_ name: String, deadline: Deadline, retrying codes: Set<Int> = [10008])
        throws(ReplicationError) -> StreamState
    {
        var last = "no answer"
        while true {
            do {
                let state = try streamState(name)
                if state.leader != nil { return state }
                last = "no leader yet"
            } catch {
                guard let why = Self.settling(error, codes) else { throw error }
                last = why
            }
            guard !deadline.passed else {
                throw .unavailable("stream \(name) has no leader: \(last)")
            }
            Deadline.pause(milliseconds: 50)
        }
    }

    /// The stream's state from `$JS.API.STREAM.INFO.<name>` (answered by its leader).
    public func streamState(_ name: String) throws(ReplicationError) -> StreamState {
        let reply = try connection.request(
            subject: "$JS.API.STREAM.INFO.\(name)", body: [],
            timeoutMilliseconds: requestTimeoutMilliseconds)
        let document = try Self.document(reply, what: "stream info \(name)")
        let state = document["state"] as? [String: Any] ?? [:]
        let cluster = document["cluster"] as? [String: Any] ?? [:]
        let config = document["config"] as? [String: Any] ?? [:]
        return StreamState(
            lastSequence: Self.unsigned(state["last_seq"]),
            messages: Self.unsigned(state["messages"]),
            leader: cluster["leader"] as? String,
            allowsAtomicPublish: config["allow_atomic"] as? Bool ?? false)
    }

    /// Parses a JSON API reply, throwing the server's error (code and text) when it holds one.
    static func document(_ reply: [UInt8], what: String) throws(ReplicationError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply)),
            let document = object as? [String: Any]
        else {
            let text = String(decoding: reply.prefix(200), as: UTF8.self)
            throw .failed(code: nil, description: "\(what): reply is not a JSON object: \(text)")
        }
        if let error = document["error"] as? [String: Any] {
            let code = (error["err_code"] as? Int) ?? (error["code"] as? Int)
            let text = error["description"] as? String ?? "no description"
            throw .failed(code: code, description: "\(what): \(text)")
        }
        return document
    }

    /// A JSON number as UInt64 (0 when absent or negative).
    static func unsigned(_ value: Any?) -> UInt64 {
        guard let number = value as? NSNumber, number.int64Value >= 0 else { return 0 }
        return number.uint64Value
    }
}

/// A point in time a retry loop gives up at (monotonic clock).
struct Deadline {
    let endNanoseconds: UInt64

    init(milliseconds: Int) {
        endNanoseconds =
            DispatchTime.now().uptimeNanoseconds + UInt64(max(0, milliseconds)) * 1_000_000
    }

    var passed: Bool { DispatchTime.now().uptimeNanoseconds >= endNanoseconds }

    static func pause(milliseconds: Int) { usleep(UInt32(milliseconds * 1000)) }
}

import CNATS
import Ethereum
import EventLog
import SpottedLedger
import Synchronization

/// The ledger's replicated commit point on a NATS JetStream stream: each group an atomic batch
/// fenced on the writer's head, each entry's payload its ``Envelope/encoded`` bytes and its
/// `Nats-Msg-Id` the entry hash in hex, read back through an ordered consumer.
///
///     let log = try JetStreamLog.open(
///         urls: ["nats://10.0.0.1:4222", "nats://10.0.0.2:4222", "nats://10.0.0.3:4222"],
///         stream: StreamConfiguration(name: "LEDGER"))
///     try log.publish(group, expectedLastSequence: head)
public final class JetStreamLog: ReplicatedLog {
    /// The connection every call goes over.
    public let connection: NATSConnection
    /// The stream's configuration (name, subject, replicas).
    public let stream: StreamConfiguration
    /// How long a commit waits for the cluster's acknowledgement, in milliseconds.
    public let publishTimeoutMilliseconds: Int
    /// The JSON API over ``connection``.
    let api: JetStreamAPI
    /// The reader kept between reads, reused while reads go on where the last one stopped.
    let reader = Mutex<StreamReader?>(nil)

    /// A log over an existing connection to a stream that ``JetStreamAPI/ensureStream(_:timeoutMilliseconds:)``
    /// has made.
    public init(
        connection: NATSConnection, stream: StreamConfiguration,
        publishTimeoutMilliseconds: Int = 5000
    ) {
        self.connection = connection
        self.stream = stream
        self.publishTimeoutMilliseconds = publishTimeoutMilliseconds
        self.api = JetStreamAPI(connection: connection)
    }

    /// Connects to the cluster at `urls`, ensures the stream (or, with `createIfMissing` false,
    /// as a follower would, only finds it: a missing stream is `.failed(code: 10059, …)`) and
    /// waits until it has a leader.
    public static func open(
        urls: [String], stream: StreamConfiguration, createIfMissing: Bool = true,
        readyTimeoutMilliseconds: Int = 30_000
    ) throws(ReplicationError) -> JetStreamLog {
        let connection = try NATSConnection(options: NATSConnectionOptions(urls: urls))
        let api = JetStreamAPI(connection: connection)
        if createIfMissing {
            _ = try api.ensureStream(stream, timeoutMilliseconds: readyTimeoutMilliseconds)
        } else {
            _ = try api.waitForLeader(
                stream.name, deadline: Deadline(milliseconds: readyTimeoutMilliseconds))
        }
        return JetStreamLog(connection: connection, stream: stream)
    }

    /// The stream's last sequence as its leader reports it now.
    public func lastSequence() throws(ReplicationError) -> UInt64 {
        try api.streamState(stream.name).lastSequence
    }

    /// Publishes `entries` as one atomic batch fenced on `expectedLastSequence`; refuses before
    /// sending a group of more than ``NATSConnection/maxBatchMessages`` entries or one whose
    /// sequences do not run on from `expectedLastSequence`.
    public func publish(_ group: PreparedEntries, expectedLastSequence: UInt64)
        throws(ReplicationError)
    {
        let entries = group.envelopes
        guard !entries.isEmpty else { return }
        guard entries.count <= NATSConnection.maxBatchMessages else {
            throw .failed(
                code: nil,
                description:
                    "a group of \(entries.count) entries exceeds the atomic batch limit of \(NATSConnection.maxBatchMessages)"
            )
        }
        for (offset, entry) in entries.enumerated()
        where entry.sequence != expectedLastSequence + UInt64(offset) + 1 {
            throw .failed(
                code: nil,
                description:
                    "entry \(offset) of the group has sequence \(entry.sequence), expected \(expectedLastSequence + UInt64(offset) + 1)"
            )
        }
        // Each entry's prepared bytes sent as they are, its hash (their last 32 bytes) written as
        // hex into one reused buffer (libnats copies both into the message).
        var hashHex = [CChar](repeating: 0, count: 65)
        let subject = stream.subject
        let acknowledgement = try connection.publishAtomicBatch(
            subject: subject, count: entries.count, expectedLastSequence: expectedLastSequence,
            timeoutMilliseconds: publishTimeoutMilliseconds
        ) { (index) throws(ReplicationError) -> OpaquePointer in
            let encoded = group.encoded[index]
            encoded.withUnsafeBytes { buffer in
                Self.writeHex(
                    of: UnsafeRawBufferPointer(rebasing: buffer[(buffer.count - 32)...]),
                    into: &hashHex)
            }
            let message = try NATSConnection.message(subject: subject, payload: encoded)
            natsMsgHeader_Set(message, "Nats-Msg-Id", hashHex)
            return message
        }
        let last = expectedLastSequence + UInt64(entries.count)
        guard acknowledgement.lastSequence == last, acknowledgement.count == entries.count else {
            throw .divergent(
                sequence: last,
                reason:
                    "the stream acknowledged \(acknowledgement.count) messages ending at \(acknowledgement.lastSequence)"
            )
        }
    }

    /// Reads up to `limit` entries from `sequence` through an ordered consumer, kept for the next
    /// read when that starts where this one stopped (catch-up costs one consumer, not one per read).
    public func read(from sequence: UInt64, limit: Int, timeoutMilliseconds: Int)
        throws(ReplicationError)
        -> [Envelope]
    {
        guard limit > 0 else { return [] }
        return try reader.withLock {
            (current: inout StreamReader?) throws(ReplicationError) -> [Envelope] in
            if current?.nextSequence != sequence {
                current = nil
                current = try StreamReader(
                    connection: connection, stream: stream.name, subject: stream.subject,
                    startSequence: sequence)
            }
            guard let active = current else { return [] }
            do throws(ReplicationError) {
                let entries = try Self.decode(
                    active.read(limit: limit, timeoutMilliseconds: timeoutMilliseconds))
                // A consumer placed on a replica that stopped short waits forever (reference
                // jetstream.md 5): when nothing came but the stream holds `sequence`, start afresh.
                if entries.isEmpty, let last = try? api.streamState(stream.name).lastSequence,
                    last >= sequence
                {
                    current = nil
                }
                return entries
            } catch {
                current = nil
                throw error
            }
        }
    }

    /// Writes `bytes` as lowercase hex followed by a NUL into `text` (2 × count + 1 characters).
    static func writeHex(of bytes: UnsafeRawBufferPointer, into text: inout [CChar]) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digit in
            for (offset, byte) in bytes.enumerated() {
                text[2 * offset] = CChar(bitPattern: digit[Int(byte >> 4)])
                text[2 * offset + 1] = CChar(bitPattern: digit[Int(byte & 15)])
            }
        }
        text[2 * bytes.count] = 0
    }

    /// Decodes each message as the envelope stored at its stream sequence.
    static func decode(_ messages: [(UInt64, [UInt8])]) throws(ReplicationError) -> [Envelope] {
        var entries: [Envelope] = []
        entries.reserveCapacity(messages.count)
        for (sequence, payload) in messages {
            do {
                let entry = try payload.withUnsafeBytes { (raw) throws(EventLogError) -> Envelope in
                    try Envelope(decoding: raw, expectedSequence: sequence)
                }
                entries.append(entry)
            } catch {
                throw .divergent(sequence: sequence, reason: "undecodable entry: \(error)")
            }
        }
        return entries
    }
}

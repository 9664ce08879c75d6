import CNATS
import Foundation
import SpottedLedger

/// The server's acknowledgement of a committed atomic batch.
public struct BatchAcknowledgement: Sendable, Equatable {
    /// The stream that stored the batch.
    public var stream: String
    /// The stream sequence of the batch's last message.
    public var lastSequence: UInt64
    /// How many messages the batch stored.
    public var count: Int

    /// An acknowledgement of `count` messages on `stream` ending at `lastSequence`.
    public init(stream: String, lastSequence: UInt64, count: Int) {
        self.stream = stream
        self.lastSequence = lastSequence
        self.count = count
    }
}

extension NATSConnection {
    /// The most messages one atomic batch may hold (nats-server 2.15.1's limit; more is 10199).
    public static let maxBatchMessages = 1000

    /// Publishes `payloads` to `subject` as one atomic batch (server 2.12+, stream `allow_atomic`):
    /// the stream stores all of them or none.
    ///
    /// Every message carries `Nats-Batch-Id` and `Nats-Batch-Sequence` (1, 2, …) and, when
    /// `messageIDs` is given, `Nats-Msg-Id`; the first also `Nats-Expected-Last-Sequence:
    /// expectedLastSequence`, which fences the whole batch; the last `Nats-Batch-Commit: 1` and is
    /// sent as a request whose reply is the batch's acknowledgement. The others are plain
    /// publishes. `Nats-Expected-Last-Msg-Id` is never sent (it leaves a restarted replica stuck
    /// on 2.15.1, reference jetstream.md "Newer servers").
    ///
    /// Errors: a stale fence is ``ReplicationError/fenced(expectedLastSequence:streamLastSequence:)``
    /// (10071); a message id the stream already holds (within its duplicate window), also when the
    /// fence is stale, is `.failed(code: 10201, …)` and nothing is stored; no answer within
    /// `timeoutMilliseconds` is ``ReplicationError/unavailable(_:)``: the batch may or may not be
    /// stored. More than ``maxBatchMessages`` payloads is refused before anything is sent.
    public func publishAtomicBatch(
        subject: String, payloads: [[UInt8]], messageIDs: [String]? = nil,
        expectedLastSequence: UInt64,
        timeoutMilliseconds: Int = 5000
    ) throws(ReplicationError) -> BatchAcknowledgement {
        if let messageIDs, messageIDs.count != payloads.count {
            throw .failed(
                code: nil,
                description: "\(messageIDs.count) message ids for \(payloads.count) messages")
        }
        return try publishAtomicBatch(
            subject: subject, count: payloads.count, expectedLastSequence: expectedLastSequence,
            timeoutMilliseconds: timeoutMilliseconds
        ) { (index) throws(ReplicationError) -> OpaquePointer in
            let message = try Self.message(subject: subject, payload: payloads[index])
            if let messageIDs { natsMsgHeader_Set(message, "Nats-Msg-Id", messageIDs[index]) }
            return message
        }
    }

    /// The atomic batch protocol of ``publishAtomicBatch(subject:payloads:messageIDs:expectedLastSequence:timeoutMilliseconds:)``
    /// over `count` messages that `makeMessage(index)` creates (payload and any `Nats-Msg-Id`
    /// set; this function adds the batch headers, sends and destroys each).
    func publishAtomicBatch(
        subject: String, count: Int, expectedLastSequence: UInt64, timeoutMilliseconds: Int,
        makeMessage: (Int) throws(ReplicationError) -> OpaquePointer
    ) throws(ReplicationError) -> BatchAcknowledgement {
        guard count >= 1, count <= Self.maxBatchMessages else {
            throw .failed(
                code: nil,
                description:
                    "an atomic batch holds 1...\(Self.maxBatchMessages) messages, not \(count)")
        }
        let batchID = Self.newBatchID()
        var reply: OpaquePointer?
        defer { natsMsg_Destroy(reply) }
        for index in 0..<count {
            let message = try makeMessage(index)
            defer { natsMsg_Destroy(message) }
            natsMsgHeader_Set(message, "Nats-Batch-Id", batchID)
            natsMsgHeader_Set(message, "Nats-Batch-Sequence", String(index + 1))
            if index == 0 {
                natsMsgHeader_Set(
                    message, "Nats-Expected-Last-Sequence", String(expectedLastSequence))
            }
            if index == count - 1 {
                natsMsgHeader_Set(message, "Nats-Batch-Commit", "1")
                try check(
                    natsConnection_RequestMsg(&reply, handle, message, Int64(timeoutMilliseconds)),
                    "commit of batch \(batchID) (\(count) messages)")
            } else {
                try check(
                    natsConnection_PublishMsg(handle, message),
                    "message \(index + 1) of batch \(batchID)")
            }
        }
        return try Self.acknowledgement(
            Self.data(of: reply), batchID: batchID, expectedLastSequence: expectedLastSequence)
    }

    /// A new libnats message holding a copy of `payload` (the caller destroys it).
    static func message(subject: String, payload: [UInt8]) throws(ReplicationError) -> OpaquePointer
    {
        var message: OpaquePointer?
        let status = payload.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) {
                natsMsg_Create(&message, subject, nil, $0.baseAddress, Int32($0.count))
            }
        }
        try check(status, "natsMsg_Create on \(subject)")
        guard let message else {
            throw .failed(code: nil, description: "natsMsg_Create returned nothing")
        }
        return message
    }

    /// 32 random hex digits (the server allows up to 64 characters).
    static func newBatchID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high
            + String(repeating: "0", count: 16 - low.count)
            + low
    }

    /// Reads the commit's reply: the pub ack, or the server's error mapped to ``ReplicationError``.
    static func acknowledgement(_ reply: [UInt8], batchID: String, expectedLastSequence: UInt64)
        throws(ReplicationError) -> BatchAcknowledgement
    {
        let document: [String: Any]
        do {
            document = try JetStreamAPI.document(reply, what: "batch \(batchID)")
        } catch .failed(let code, let description) where code == JetStreamAPI.wrongLastSequenceCode
        {
            // "wrong last sequence: 10": the number is the stream's last sequence.
            let last = description.split(separator: ":").last.flatMap {
                UInt64($0.trimmingCharacters(in: .whitespaces))
            }
            throw .fenced(expectedLastSequence: expectedLastSequence, streamLastSequence: last)
        }
        guard let stream = document["stream"] as? String, let count = document["count"] as? Int,
            let sequence = document["seq"] as? NSNumber
        else {
            let text = String(decoding: reply.prefix(200), as: UTF8.self)
            throw .failed(
                code: nil,
                description: "batch \(batchID): acknowledgement without stream/seq/count: \(text)")
        }
        return BatchAcknowledgement(
            stream: stream, lastSequence: sequence.uint64Value, count: count)
    }
}

import EventLog
import SpottedLedger
import Synchronization

/// A ``ReplicatedLog`` in memory, for tests: the stream is an array of encoded envelopes under a
/// mutex, fenced like JetStream (a group is stored whole when `expectedLastSequence` is the last
/// sequence, else refused whole), and it can be told to fail the next publishes or reads.
///
/// ```swift
/// let stream = InMemoryReplicatedLog()
/// stream.failNextPublish(.unavailableStored)   // stored, but the acknowledgement is lost
/// ```
public final class InMemoryReplicatedLog: ReplicatedLog {
    /// A failure to inject into one publish.
    public enum PublishFailure: Sendable, Equatable {
        /// Refused as if another writer held the stream (the group is not stored).
        case fence
        /// The group is stored, but the publisher hears ``ReplicationError/unavailable(_:)``.
        case unavailableStored
        /// The group is not stored, and the publisher hears ``ReplicationError/unavailable(_:)``.
        case unavailableNotStored
    }

    struct State {
        var messages: [[UInt8]] = []
        var publishFailures: [PublishFailure] = []
        var unavailableReads = 0
        var publishes = 0
    }
    let state = Mutex(State())

    /// An empty stream.
    public init() {}

    /// Makes the next publishes fail as `failures` say, in order.
    public func failNextPublish(_ failures: PublishFailure...) {
        state.withLock { $0.publishFailures += failures }
    }

    /// Makes the next `count` reads and last-sequence queries throw ``ReplicationError/unavailable(_:)``.
    public func failNextReads(_ count: Int) {
        state.withLock { $0.unavailableReads += count }
    }

    /// Publishes attempted so far (refused ones included).
    public var publishes: Int { state.withLock { $0.publishes } }

    /// Every stored entry, decoded.
    public func entries() throws(EventLogError) -> [Envelope] {
        try read(through: .max)
    }

    /// Replaces the message at `sequence` with `bytes` (a tampered or foreign entry).
    public func replace(_ sequence: UInt64, with bytes: [UInt8]) {
        state.withLock { $0.messages[Int(sequence - 1)] = bytes }
    }

    /// Drops every message after `sequence` (a stream that lost acknowledged entries).
    public func truncate(after sequence: UInt64) {
        state.withLock { $0.messages.removeSubrange(Int(sequence)...) }
    }

    /// The last stored sequence.
    public func lastSequence() throws(ReplicationError) -> UInt64 {
        try state.withLock { (s) throws(ReplicationError) -> UInt64 in
            if s.unavailableReads > 0 {
                s.unavailableReads -= 1
                throw .unavailable("injected")
            }
            return UInt64(s.messages.count)
        }
    }

    /// Stores `entries` whole when `expectedLastSequence` is the last sequence (or as the next
    /// injected failure says).
    public func publish(_ group: PreparedEntries, expectedLastSequence: UInt64)
        throws(ReplicationError)
    {
        let entries = group.envelopes
        for (i, entry) in entries.enumerated()
        where entry.sequence != expectedLastSequence + UInt64(i) + 1 {
            throw .failed(code: nil, description: "entry \(i) has sequence \(entry.sequence)")
        }
        let encoded = group.encoded
        try state.withLock { (s) throws(ReplicationError) in
            s.publishes += 1
            let failure = s.publishFailures.isEmpty ? nil : s.publishFailures.removeFirst()
            // An unanswered publish: the publisher hears nothing either way.
            if failure == .unavailableNotStored { throw .unavailable("injected, not stored") }
            let last = UInt64(s.messages.count)
            let fenced = failure == .fence || last != expectedLastSequence
            if !fenced { s.messages += encoded }
            if failure == .unavailableStored {
                throw .unavailable("injected, stored if fenced right")
            }
            if fenced {
                throw .fenced(expectedLastSequence: expectedLastSequence, streamLastSequence: last)
            }
        }
    }

    /// Reads up to `limit` entries from `sequence`, decoded with their layout checked.
    public func read(from sequence: UInt64, limit: Int, timeoutMilliseconds: Int)
        throws(ReplicationError) -> [Envelope]
    {
        let raw = try state.withLock { (s) throws(ReplicationError) -> ArraySlice<[UInt8]> in
            if s.unavailableReads > 0 {
                s.unavailableReads -= 1
                throw .unavailable("injected")
            }
            let start = Int(min(max(sequence, 1) - 1, UInt64(s.messages.count)))
            return s.messages[start..<min(s.messages.count, start + max(0, limit))]
        }
        var out = [Envelope]()
        out.reserveCapacity(raw.count)
        for (i, bytes) in raw.enumerated() {
            do throws(EventLogError) {
                out.append(try Self.decode(bytes, sequence + UInt64(i)))
            } catch {
                throw .divergent(sequence: sequence + UInt64(i), reason: "\(error)")
            }
        }
        return out
    }

    private func read(through: UInt64) throws(EventLogError) -> [Envelope] {
        let raw = state.withLock { $0.messages }
        var out = [Envelope]()
        for (i, bytes) in raw.enumerated() {
            out.append(try Self.decode(bytes, UInt64(i) + 1))
        }
        return out
    }

    private static func decode(_ bytes: [UInt8], _ sequence: UInt64) throws(EventLogError)
        -> Envelope
    {
        let result = bytes.withUnsafeBytes { b in
            Result { () throws(EventLogError) in
                try Envelope(decoding: b, expectedSequence: sequence)
            }
        }
        return try result.get()
    }
}

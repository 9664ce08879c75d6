import Ethereum

/// What the caller hands to `append`: one event, before the log gives it a sequence and hashes.
public struct EventRecord: Hashable, Sendable {
    /// The chain the event happened on (EIP-155 chain id).
    public var chainId: UInt64
    /// The block number on that chain.
    public var blockNumber: UInt64
    /// The block timestamp on that chain, in seconds since the Unix epoch.
    public var timestamp: UInt64
    /// The account that caused the event (`msg.sender`).
    public var sender: Address
    /// The event kind's code (the protocol's event table names it).
    public var kind: UInt16
    /// The version of the payload's schema for this kind.
    public var schemaVersion: UInt16
    /// The encoded event, at most ``Envelope/maxPayloadBytes`` bytes.
    public var payload: [UInt8]

    /// A record with every field given.
    public init(
        chainId: UInt64, blockNumber: UInt64, timestamp: UInt64, sender: Address, kind: UInt16,
        schemaVersion: UInt16, payload: [UInt8]
    ) {
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.sender = sender
        self.kind = kind
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}

/// The fixed fields of a stored entry: everything but its payload and hashes.
public struct EntryHeader: Hashable, Sendable {
    /// The entry's gap-free sequence number, from 1.
    public var sequence: UInt64
    /// The chain the event happened on (EIP-155 chain id).
    public var chainId: UInt64
    /// The block number on that chain.
    public var blockNumber: UInt64
    /// The block timestamp on that chain, in seconds since the Unix epoch.
    public var timestamp: UInt64
    /// The account that caused the event (`msg.sender`).
    public var sender: Address
    /// The event kind's code.
    public var kind: UInt16
    /// The version of the payload's schema for this kind.
    public var schemaVersion: UInt16
}

/// A stored event: the record, its gap-free sequence number, and its place in the hash chain.
///
/// Binary layout (format 1, all integers big-endian), documented in docs/event-log-format.md:
///
///     u8 format | u64 sequence | u64 chainId | u64 blockNumber | u64 timestamp | 20 sender
///     | u16 kind | u16 schemaVersion | u32 payloadLength | payload | 32 previousHash | 32 hash
///
/// `hash = keccak256(previousHash ‖ bytes[0 ..< 61 + payloadLength])`: the previous hash followed by
/// every field before it. The first entry's previous hash is 32 zero bytes.
public struct Envelope: Hashable, Sendable {
    /// The entry's gap-free sequence number, from 1.
    public var sequence: UInt64
    /// The event as appended.
    public var record: EventRecord
    /// The hash of the entry before (32 zero bytes for sequence 1).
    public var previousHash: Word
    /// keccak256 of the previous hash and every field of this entry.
    public var hash: Word

    /// The binary layout version written in each entry's first byte.
    public static let formatVersion: UInt8 = 1
    /// Bytes before the payload.
    static let headerBytes = 61
    /// Fixed bytes around a payload.
    public static let overheadBytes = headerBytes + 64
    /// The largest payload an entry may carry, in bytes (16 MiB).
    public static let maxPayloadBytes = 16 << 20

    /// The entry's encoded size in bytes.
    public var encodedCount: Int { Self.overheadBytes + record.payload.count }

    /// Builds the envelope that follows `previousHash` at `sequence`, computing its hash.
    public init(sequence: UInt64, record: EventRecord, previousHash: Word) {
        self = Self.chained(sequence: sequence, record: record, previousHash: previousHash).envelope
    }

    /// The envelope that follows `previousHash` at `sequence` and its encoded bytes, hash
    /// included: one encoding, one Keccak pass.
    static func chained(sequence: UInt64, record: EventRecord, previousHash: Word)
        -> (envelope: Envelope, encoded: [UInt8])
    {
        var envelope = Envelope(
            sequence: sequence, record: record, previousHash: previousHash, hash: .zero)
        var bytes = [UInt8](repeating: 0, count: envelope.encodedCount)
        bytes.withUnsafeMutableBytes { out in
            envelope.encode(into: out)
            let bodyBytes = Self.headerBytes + record.payload.count
            envelope.hash = Self.chainHash(
                previous: previousHash,
                body: UnsafeRawBufferPointer(rebasing: out[0..<bodyBytes]))
            envelope.hash.store(into: out, at: bodyBytes + 32)
        }
        return (envelope, bytes)
    }

    init(sequence: UInt64, record: EventRecord, previousHash: Word, hash: Word) {
        self.sequence = sequence
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }

    /// keccak256(previous ‖ body).
    @inline(__always)
    static func chainHash(previous: Word, body: UnsafeRawBufferPointer) -> Word {
        var hasher = Keccak256()
        hasher.update(previous)
        hasher.update(body)
        return hasher.finalize()
    }

    /// Writes the envelope into a buffer of exactly `encodedCount` bytes.
    public func encode(into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == encodedCount, "buffer sized by encodedCount")
        out[0] = Self.formatVersion
        out.storeBytes(of: sequence.bigEndian, toByteOffset: 1, as: UInt64.self)
        out.storeBytes(of: record.chainId.bigEndian, toByteOffset: 9, as: UInt64.self)
        out.storeBytes(of: record.blockNumber.bigEndian, toByteOffset: 17, as: UInt64.self)
        out.storeBytes(of: record.timestamp.bigEndian, toByteOffset: 25, as: UInt64.self)
        var offset = 33
        out.storeBytes(of: record.sender.hi.bigEndian, toByteOffset: offset, as: UInt32.self)
        out.storeBytes(of: record.sender.mid.bigEndian, toByteOffset: offset + 4, as: UInt64.self)
        out.storeBytes(of: record.sender.lo.bigEndian, toByteOffset: offset + 12, as: UInt64.self)
        offset += 20
        out.storeBytes(of: record.kind.bigEndian, toByteOffset: offset, as: UInt16.self)
        out.storeBytes(
            of: record.schemaVersion.bigEndian, toByteOffset: offset + 2, as: UInt16.self)
        out.storeBytes(
            of: UInt32(record.payload.count).bigEndian, toByteOffset: offset + 4, as: UInt32.self)
        offset += 8
        record.payload.withUnsafeBytes { payload in
            if let base = payload.baseAddress, payload.count > 0 {
                (out.baseAddress! + offset).copyMemory(from: base, byteCount: payload.count)
            }
        }
        offset += record.payload.count
        previousHash.store(into: out, at: offset)
        hash.store(into: out, at: offset + 32)
    }

    /// The encoded bytes.
    public var encoded: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: encodedCount)
        bytes.withUnsafeMutableBytes { encode(into: $0) }
        return bytes
    }

    /// Decodes an entry stored under `sequence`, checking the layout (not the hashes).
    public init(decoding raw: UnsafeRawBufferPointer, expectedSequence: UInt64)
        throws(EventLogError)
    {
        let (h, payload) = try Self.header(of: raw, expectedSequence: expectedSequence)
        let record = EventRecord(
            chainId: h.chainId, blockNumber: h.blockNumber, timestamp: h.timestamp,
            sender: h.sender,
            kind: h.kind, schemaVersion: h.schemaVersion, payload: Array(payload))
        self.init(
            sequence: h.sequence, record: record,
            previousHash: Word(loading: raw, at: Self.headerBytes + payload.count),
            hash: Word(loading: raw, at: Self.headerBytes + payload.count + 32))
    }

    /// The fields of a stored entry and its payload bytes, read in place (no copy), with the same
    /// layout checks as ``init(decoding:expectedSequence:)``. Replay's hot path.
    public static func header(of raw: UnsafeRawBufferPointer, expectedSequence: UInt64)
        throws(EventLogError)
        -> (header: EntryHeader, payload: UnsafeRawBufferPointer)
    {
        func fail(_ why: String) -> EventLogError {
            .undecodable(sequence: expectedSequence, reason: why)
        }
        guard raw.count >= Self.overheadBytes else {
            throw fail("\(raw.count) bytes is shorter than the \(Self.overheadBytes)-byte minimum")
        }
        guard raw[0] == Self.formatVersion else {
            throw fail("format byte \(raw[0]), expected \(Self.formatVersion)")
        }
        func u64(_ at: Int) -> UInt64 {
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        let length = Int(UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 57, as: UInt32.self)))
        guard raw.count == Self.overheadBytes + length else {
            throw fail("length field \(length) does not match \(raw.count) stored bytes")
        }
        let sequence = u64(1)
        guard sequence == expectedSequence else { throw fail("entry says sequence \(sequence)") }
        let sender = Address(
            hi: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 33, as: UInt32.self)),
            mid: u64(37), lo: u64(45))
        let header = EntryHeader(
            sequence: sequence, chainId: u64(9), blockNumber: u64(17), timestamp: u64(25),
            sender: sender,
            kind: UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: 53, as: UInt16.self)),
            schemaVersion: UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: 55, as: UInt16.self))
        )
        return (
            header,
            UnsafeRawBufferPointer(rebasing: raw[Self.headerBytes..<(Self.headerBytes + length)])
        )
    }

    /// The event kind of a stored entry, read in place (nil when too short to hold one).
    public static func kind(of raw: UnsafeRawBufferPointer) -> UInt16? {
        guard raw.count >= headerBytes else { return nil }
        return UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: 53, as: UInt16.self))
    }

    /// Recomputes the hash of a stored entry straight from its bytes (no decoding, no copy).
    static func recomputedHash(of raw: UnsafeRawBufferPointer) -> (
        previous: Word, stored: Word, computed: Word
    )? {
        guard raw.count >= overheadBytes else { return nil }
        let length = Int(UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 57, as: UInt32.self)))
        guard raw.count == overheadBytes + length else { return nil }
        let previous = Word(loading: raw, at: headerBytes + length)
        let stored = Word(loading: raw, at: headerBytes + length + 32)
        return (
            previous, stored,
            chainHash(
                previous: previous,
                body: UnsafeRawBufferPointer(rebasing: raw[0..<(headerBytes + length)]))
        )
    }
}

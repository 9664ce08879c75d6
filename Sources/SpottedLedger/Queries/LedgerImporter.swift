import Ethereum
import EventLog
import SpottedProtocol

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Rebuilds a ledger from export lines through the engine's submit path: each entry line is
/// decoded to its action and submitted, so the kind name and code must agree, the duplicate rule
/// applies and the reducers refuse what they refuse; its hash must match the recomputed one.
struct LedgerImporter {
    /// Most actions submitted at once; a batch also ends at each epoch transition, so snapshots
    /// fall where the engine writes them.
    static let batchSize = 1_000
    let engine: Engine
    let decoder = JSONDecoder()
    /// The actions read but not submitted yet, with their line numbers.
    var pending = [(action: Action, line: Int)]()
    var previous = Word.zero
    var expected: UInt64 = 1
    var ended = false

    /// Reads `line` (number `number`, without its line break).
    mutating func read(_ line: Data, number: Int) throws(ImportLineError) {
        if number == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw ImportLineError(
                line: 1,
                reason:
                    "starts with a UTF-8 byte order mark (BOM), which JSON text must not have (RFC 8259 §8.1); remove the first 3 bytes"
            )
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        do throws(ImportLineError) {
            guard !ended else { throw ImportLineError(line: 0, reason: "text after the end line") }
            let json = try ExportLineJSON.decode(line, using: decoder)
            if json.end != nil { try end(json) } else { try entry(json, line: number) }
        } catch {
            var located = error
            if located.line == 0 { located.line = number }
            throw located
        }
    }

    /// Checks the end line against what was read, then submits the rest.
    mutating func end(_ json: ExportLineJSON) throws(ImportLineError) {
        guard json.end == true else {
            throw ImportLineError(line: 0, field: "end", reason: "must be true")
        }
        let entries = try ExportLineJSON.required(json.entries, .entries)
        let head = try ExportLineJSON.word(json.headHash, .headHash)
        guard entries == expected - 1 else {
            throw ImportLineError(
                line: 0, field: "entries",
                reason: "end line says \(entries) entries, the input holds \(expected - 1)")
        }
        guard head == previous else {
            throw ImportLineError(
                line: 0, field: "headHash",
                reason: "end line says head \(head), the input's last hash is \(previous)")
        }
        try flush()
        ended = true
    }

    /// Checks an entry line (sequence, chain link, kind, payload, hash) and queues its action.
    mutating func entry(_ json: ExportLineJSON, line: Int) throws(ImportLineError) {
        let sequence = try ExportLineJSON.required(json.sequence, .sequence)
        guard sequence == expected else {
            throw ImportLineError(
                line: 0, field: "sequence", reason: "is \(sequence), expected \(expected)")
        }
        guard try ExportLineJSON.word(json.previousHash, .previousHash) == previous else {
            throw ImportLineError(
                line: 0, field: "previousHash",
                reason: "does not match the hash of sequence \(expected - 1)")
        }
        let record = try Self.record(json)
        let claimed = try ExportLineJSON.word(json.hash, .hash)
        let envelope = Envelope(sequence: sequence, record: record, previousHash: previous)
        guard envelope.hash == claimed else {
            throw ImportLineError(
                line: 0, field: "hash",
                reason: "does not match the content of sequence \(sequence) (tampered)")
        }
        let event = try Self.event(record)
        pending.append(
            (
                Action(
                    event, chainId: record.chainId, blockNumber: record.blockNumber,
                    timestamp: record.timestamp, sender: record.sender), line
            ))
        previous = claimed
        expected += 1
        if case .epochTransition = event {
            try flush()
        } else if pending.count >= Self.batchSize {
            try flush()
        }
    }

    /// The entry's record, with the kind name checked against its code.
    static func record(_ json: ExportLineJSON) throws(ImportLineError) -> EventRecord {
        let kindName = try ExportLineJSON.required(json.kind, .kind)
        let code = try ExportLineJSON.required(json.kindCode, .kindCode)
        guard let named = EventCodec.code(of: kindName) else {
            throw ImportLineError(line: 0, field: "kind", reason: "unknown kind '\(kindName)'")
        }
        guard named == code else {
            throw ImportLineError(
                line: 0, field: "kind",
                reason: "names \(kindName) (code \(named)), but kindCode is \(code)")
        }
        let senderText = try ExportLineJSON.required(json.sender, .sender)
        guard let sender = try? Address(senderText) else {
            throw ImportLineError(line: 0, field: "sender", reason: "not a 20-byte 0x address")
        }
        let payloadText = try ExportLineJSON.required(json.payload, .payload)
        guard payloadText.hasPrefix("0x"), let payload = try? Hex.decode(payloadText),
            payload.count <= Envelope.maxPayloadBytes
        else {
            throw ImportLineError(
                line: 0, field: "payload",
                reason: "not 0x hex of at most \(Envelope.maxPayloadBytes) bytes")
        }
        return EventRecord(
            chainId: try ExportLineJSON.required(json.chainId, .chainId),
            blockNumber: try ExportLineJSON.required(json.blockNumber, .blockNumber),
            timestamp: try ExportLineJSON.required(json.timestamp, .timestamp), sender: sender,
            kind: code,
            schemaVersion: try ExportLineJSON.required(json.schemaVersion, .schemaVersion),
            payload: payload)
    }

    /// The record's event; its payload must be the one encoding the engine writes for it.
    static func event(_ record: EventRecord) throws(ImportLineError) -> ProtocolEvent {
        let event: ProtocolEvent
        do {
            event = try EventCodec.decode(
                kind: record.kind, schemaVersion: record.schemaVersion, payload: record.payload)
        } catch {
            throw ImportLineError(line: 0, field: "payload", reason: "\(error)")
        }
        guard record.schemaVersion == EventCodec.schemaVersion,
            EventCodec.encode(event) == (record.kind, record.payload)
        else {
            throw ImportLineError(
                line: 0, field: "payload",
                reason:
                    "is not the encoding the engine writes for this event (schema \(record.schemaVersion))"
            )
        }
        return event
    }

    /// Submits the pending actions, all or nothing; a refusal names the refused action's line.
    mutating func flush() throws(ImportLineError) {
        guard !pending.isEmpty else { return }
        do {
            try engine.submit(pending.map(\.action))
        } catch {
            let index: Int
            switch error {
            case .refused(let i, _), .duplicate(let i, _): index = i
            default: index = 0
            }
            throw ImportLineError(
                line: pending[min(index, pending.count - 1)].line, reason: "\(error)",
                refusal: error)
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Ends the input after `lines` lines: the end line must have been read.
    mutating func finish(lines: Int) throws(ImportLineError) {
        guard ended else {
            throw ImportLineError(line: lines + 1, reason: "no end line: the export is truncated")
        }
    }
}

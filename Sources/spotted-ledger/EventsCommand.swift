import ArgumentParser
import Ethereum
import EventLog
import Foundation
import SpottedProtocol

/// Lists events, filtered by kind, chain or sender.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "List events from the log, with filters.",
        discussion: "Example: spotted-ledger events --ledger logs/demo --kind submit-challenge --limit 5")

    @OptionGroup var options: LedgerOptions
    @Option(help: "First sequence number.") var from: UInt64 = 1
    @Option(help: "Most events to list (1…100000).") var limit = 50
    @Option(help: "Only this kind (e.g. register-operator).") var kind: String?
    @Option(help: "Only this chain.") var chain: UInt64?
    @Option(help: "Only this sender (0x address).") var sender: String?

    func validate() throws {
        try options.validateExisting()
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be in 1…100000") }
        if let kind, EventCodec.code(of: kind) == nil {
            throw ValidationError("--kind '\(kind)' is unknown; kinds: \(EventCodec.kinds.map(\.name).joined(separator: ", "))")
        }
        if let sender { do { _ = try Address(sender) } catch { throw ValidationError("--sender: \(error)") } }
    }

    func run() throws {
        let log: EventLog
        do { log = try EventLog(directory: options.ledger) } catch { throw Failure("cannot open \(options.ledger): \(error)") }
        let code = kind.flatMap(EventCodec.code(of:)), who = try sender.map { try Address($0) }
        var rows = [Envelope]()
        try log.scan(from: from) { e in
            if let code, e.record.kind != code { return true }
            if let chain, e.record.chainId != chain { return true }
            if let who, e.record.sender != who { return true }
            rows.append(e)
            return rows.count < limit
        }
        options.emit(.array(rows.map { e in .object([
            ("sequence", .int(e.sequence)), ("chainId", .int(e.record.chainId)), ("blockNumber", .int(e.record.blockNumber)),
            ("timestamp", .int(e.record.timestamp)), ("sender", .string(e.record.sender.checksummed)),
            ("kind", .string(EventCodec.name(of: e.record.kind) ?? "kind-\(e.record.kind)")), ("payloadBytes", .int(e.record.payload.count)),
            ("hash", .string(e.hash.description))]) })) {
            print("   seq  chain      block  sender                                      kind")
            for e in rows {
                print("\(String(e.sequence).leftPad(6))  \(String(e.record.chainId).leftPad(5))  \(String(e.record.blockNumber).leftPad(9))  \(e.record.sender)  \(EventCodec.name(of: e.record.kind) ?? "kind-\(e.record.kind)")")
            }
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

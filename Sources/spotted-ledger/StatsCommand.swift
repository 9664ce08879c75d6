import ArgumentParser
import Foundation
import SpottedLedger
import SpottedProtocol

/// Counts of what the ledger holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Summarize the ledger: events by kind, epochs, operators, replicas, disputes.",
        discussion: "Example: spotted-ledger stats --ledger logs/demo --json")

    @OptionGroup var options: LedgerOptions

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let engine = try options.openEngine()
        var byKind = [UInt16: UInt64]()
        try engine.log.scan { e in byKind[e.record.kind, default: 0] += 1; return true }
        let s = engine.state
        let kinds = byKind.keys.sorted()
        options.emit(.object([
            ("events", .int(engine.log.head.sequence)), ("headHash", .string(engine.log.head.hash.description)), ("stateRoot", .string(s.root.description)),
            ("currentEpoch", .int(s.currentEpoch)), ("operatorsRegistered", .int(s.stakeRegistry.totalOperators)), ("replicas", .int(s.replicas.count)),
            ("snapshots", .int(try engine.log.snapshotSequences().count)), ("challenges", .int(s.stateDisputeResolver.challenges.count)),
            ("treasury", .number(s.stateDisputeResolver.treasuryWei.description)),
            ("byKind", .object(kinds.map { (EventCodec.name(of: $0) ?? "kind-\($0)", .int(byKind[$0] ?? 0)) })),
        ])) {
            print("\(engine.log.head.sequence) events, epoch \(s.currentEpoch), \(s.stakeRegistry.totalOperators) operators registered, \(s.replicas.count) replicas, \(s.stateDisputeResolver.challenges.count) challenges")
            for k in kinds { print("  \((EventCodec.name(of: k) ?? "kind-\(k)").padding(toLength: 30, withPad: " ", startingAt: 0)) \(byKind[k] ?? 0)") }
            print("head \(engine.log.head.hash)\nstate root \(s.root)")
        }
    }
}

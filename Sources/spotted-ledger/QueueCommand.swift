import ArgumentParser
import SpottedLedger

/// The registry updates queued for an epoch's batch.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List the state updates queued for an epoch's batch (the EpochManager queue).",
        discussion: "Example: spotted-ledger queue --ledger logs/demo --epoch 3 --json")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The batch epoch.") var epoch: UInt32

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let report = try query { () throws(QueryError) in try engine.queue(at: epoch) }
        try options.emit(report) {
            print("epoch \(epoch): \(report.updates.count) queued updates")
            for u in report.updates {
                print(
                    "  seq \(String(u.sequence).leftPad(6))  \(u.type)  \(u.fields.value.map(\.line) ?? u.fields.absent)"
                )
            }
            for s in report.sent {
                print(
                    "  chain \(s.chainId): \(s.guid.value.map { "sent as \($0)" } ?? s.guid.absent)"
                )
            }
        }
    }
}

import ArgumentParser
import Foundation
import SpottedLedger

/// Events per epoch by kind, epoch and grace starts, and every batch's send and apply.
struct EpochsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epochs",
        abstract: "Show events per epoch by kind, and when each batch was sent and applied.",
        discussion: "Example: spotted-ledger epochs --ledger logs/demo --from-epoch 2 --json")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The first epoch shown (default: 0).") var fromEpoch: UInt32?
    @Option(help: "The last epoch shown (default: the current one).") var toEpoch: UInt32?
    @Option(help: "Rows at most; more epochs are aggregated into runs of equal length.")
    var maxRows = 120

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let r = try query { () throws(QueryError) in
            try engine.epochTimeline(fromEpoch: fromEpoch, toEpoch: toEpoch, maxRows: maxRows)
        }
        try options.emit(r) {
            print(
                "epochs \(r.fromEpoch)–\(r.toEpoch), \(r.events) events, \(r.epochsPerRow) per row")
            print("epoch        first seq   start block   events")
            for row in r.rows {
                let label =
                    row.fromEpoch == row.toEpoch
                    ? "\(row.fromEpoch)" : "\(row.fromEpoch)–\(row.toEpoch)"
                print(
                    "\(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(row.firstSequence).leftPad(11)) \(String(row.startBlock).leftPad(13)) \(String(row.events).leftPad(8))"
                )
            }
            print("batch   chain   sent seq  applied seq   lag (events)  status")
            for b in r.batches {
                let cells = [b.sentSequence, b.appliedSequence, b.lagEvents].map {
                    $0.value.map(String.init) ?? "-"
                }
                print(
                    "\(String(b.epoch).leftPad(5)) \(String(b.chainId).leftPad(7)) \(cells[0].leftPad(10)) \(cells[1].leftPad(12)) \(cells[2].leftPad(14))  \(b.status)"
                )
            }
            if r.onTimeBatchesOmitted > 0 {
                print("(\(r.onTimeBatchesOmitted) on-time batches not listed)")
            }
        }
    }
}

import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol

/// The registry updates queued for an epoch's batch.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "List the state updates queued for an epoch's batch (the EpochManager queue).",
        discussion: "Example: spotted-ledger queue --ledger logs/demo --epoch 3 --json")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The batch epoch.") var epoch: UInt32

    func validate() throws { try options.validateExisting() }

    func run() throws {
        let engine = try options.openEngine()
        guard epoch <= engine.state.currentEpoch + 2 else {
            throw ValidationError("--epoch \(epoch) is out of range: updates are queued up to epoch \(engine.state.currentEpoch + 2)")
        }
        // A past batch's queue is dropped when its epoch starts: read it just before that.
        var s = engine.state
        if epoch > 0, epoch <= s.currentEpoch, let end = try ReplayCommand.endOfEpoch(epoch - 1, in: engine) {
            do { s = try Engine.state(at: end, in: engine.log) } catch { throw Failure("cannot rebuild the state before epoch \(epoch): \(error)") }
        }
        let updates = s.epochManager.queue[epoch] ?? []
        let sent = s.replicas.keys.sorted().map { chain in (chain, s.epochManager.sentBatches[BatchKey(epoch: epoch, chainId: chain)]) }
        options.emit(.object([
            ("epoch", .int(epoch)),
            ("updates", .array(updates.map { .object([("type", .string("\($0.type)")), ("typeCode", .int($0.type.rawValue)),
                                                      ("sequence", .int($0.sequence)), ("data", .string(Hex.encode($0.data)))]) })),
            ("sent", .array(sent.map { .object([("chainId", .int($0.0)), ("guid", .string($0.1?.description ?? ""))]) })),
        ])) {
            print("epoch \(epoch): \(updates.count) queued updates")
            for u in updates { print("  seq \(String(u.sequence).leftPad(6))  \(u.type) (\(u.data.count) bytes)") }
            for (chain, guid) in sent { print("  chain \(chain): \(guid.map { "sent as \($0)" } ?? "not sent")") }
        }
    }
}

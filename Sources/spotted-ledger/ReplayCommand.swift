import ArgumentParser
import Foundation
import SpottedLedger
import Ethereum
import SpottedProtocol

/// How `replay` treats the registration and response signatures in the log.
enum SignatureMode: String, ExpressibleByArgument, CaseIterable {
    case parallel, inline, trusted
}

/// Replays a ledger from genesis, checking every snapshot root on the way.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay the log from genesis (to a sequence or an epoch), checking every snapshot root.",
        discussion: """
            Signatures: 'parallel' (default) re-verifies every registration and response signature on all \
            cores while one thread reduces; 'inline' verifies them in the reducers on one thread; 'trusted' \
            skips them (each was verified when appended, and the hash chain protects the entries). \
            Challenge signatures are always recovered: who is slashed depends on them.
            Examples:
              spotted-ledger replay --ledger logs/demo
              spotted-ledger replay --ledger logs/demo --epoch 3 --roots --json
              spotted-ledger replay --ledger logs/demo --signatures trusted
            """)

    @OptionGroup var options: LedgerOptions
    @Option(help: "Stop after this sequence number.") var through: UInt64?
    @Option(help: "Stop at the end of this epoch (before the transition to the next).") var epoch: UInt32?
    @Option(help: "Signature re-verification: \(SignatureMode.allCases.map(\.rawValue).joined(separator: ", ")).") var signatures = SignatureMode.parallel
    @Flag(help: "Also compute and list the state root at every epoch boundary (one state encoding per epoch).") var roots = false

    func validate() throws {
        try options.validateExisting()
        if through != nil && epoch != nil { throw ValidationError("give --through or --epoch, not both") }
        if through == 0 { throw ValidationError("--through must be ≥ 1") }
    }

    func run() throws {
        let engine = try options.openEngine()
        let head = engine.log.head.sequence
        var limit = through ?? head
        if let epoch {
            guard epoch <= engine.state.currentEpoch else {
                throw ValidationError("--epoch \(epoch) is out of range: the ledger reaches epoch \(engine.state.currentEpoch)")
            }
            limit = try Self.endOfEpoch(epoch, in: engine) ?? head
        }
        guard limit <= head else { throw ValidationError("--through \(limit) is out of range: the log ends at \(head)") }
        let progress = Progress(label: "replay", total: limit)
        let start = Date()
        let state: LedgerState
        let mode: SignatureReplay = switch signatures {
        case .parallel: .allCores
        case .inline: .inline
        case .trusted: .trusted
        }
        var boundaries = [(sequence: UInt64, root: Word)]()
        do {
            state = try Engine.replay(engine.log, through: limit, signatures: mode, progress: { progress.update($0) },
                                      epochEnd: roots ? { boundaries.append(($0, $1.root)) } : nil)
        } catch {
            throw Failure("replay stopped: \(error)")
        }
        progress.finish()
        let seconds = max(-start.timeIntervalSinceNow, 1e-6)
        let snapshots = try engine.log.snapshotSequences().filter { $0 <= limit }.count
        options.emit(.object([("through", .int(limit)), ("epoch", .int(state.currentEpoch)), ("stateRoot", .string(state.root.description)),
                              ("eventsPerSecond", .int(UInt64(Double(limit) / seconds))), ("snapshotsChecked", .int(UInt64(snapshots))),
                              ("signatures", .string(signatures.rawValue)),
                              ("roots", .array(boundaries.map { .object([("sequence", .int($0.sequence)), ("root", .string($0.root.description))]) }))])) {
            print("replayed \(limit) events in \(String(format: "%.3f", seconds)) s (\(Int(Double(limit) / seconds)) events/s), signatures \(signatures.rawValue), \(snapshots) snapshot roots matched")
            for b in boundaries { print("  epoch boundary at sequence \(b.sequence): root \(b.root)") }
            print("  epoch \(state.currentEpoch), state root \(state.root)")
        }
    }

    /// The last sequence of `epoch`: just before the transition to `epoch + 1`.
    static func endOfEpoch(_ epoch: UInt32, in engine: Engine) throws -> UInt64? {
        var found: UInt64?
        try engine.log.scan { envelope in
            if envelope.record.kind == 1, let event = try? EventCodec.decode(kind: 1, schemaVersion: envelope.record.schemaVersion, payload: envelope.record.payload),
               case .epochTransition(let e) = event, e == epoch + 1 {
                found = envelope.sequence - 1
                return false
            }
            return true
        }
        return found
    }
}

import ArgumentParser
import Foundation
import SpottedLedger

/// How `replay` treats the registration and response signatures in the log.
enum SignatureMode: String, ExpressibleByArgument, CaseIterable {
    case parallel, inline, trusted

    /// The engine's setting for this mode.
    var replay: SignatureReplay {
        switch self {
        case .parallel: .allCores
        case .inline: .inline
        case .trusted: .trusted
        }
    }
}

/// Replays a ledger from genesis, checking every snapshot root on the way.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Replay the log from genesis (to a sequence or an epoch), checking every snapshot root.",
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
    @OptionGroup var prefix: IntactPrefix
    /// Stop after this sequence number (`--through`).
    var through: UInt64? { prefix.through }
    @Option(help: "Stop at the end of this epoch (before the transition to the next).") var epoch:
        UInt32?
    @Option(
        help:
            "Signature re-verification: \(SignatureMode.allCases.map(\.rawValue).joined(separator: ", "))."
    ) var signatures = SignatureMode.parallel
    @Flag(
        help:
            "Also compute and list the state root at every epoch boundary (one state encoding per epoch)."
    ) var roots = false

    func validate() throws {
        if through != nil && epoch != nil {
            throw ValidationError("give --through or --epoch, not both")
        }
    }

    func run() throws {
        let engine = try options.openEngine(through: through)
        let progress = Progress(label: "replay", total: through ?? engine.log.head.sequence)
        let report = try query { () throws(QueryError) in
            try engine.replayReport(
                through: through, epoch: epoch, signatures: signatures.replay, roots: roots
            ) { progress.update($0) }
        }
        progress.finish()
        try options.emit(report) {
            print(
                "replayed \(report.through) events in \(String(format: "%.3f", report.seconds)) s (\(report.eventsPerSecond) events/s), "
                    + "signatures \(report.signatures), \(report.snapshotsChecked) snapshot roots matched"
            )
            for b in report.roots {
                print("  epoch boundary at sequence \(b.sequence): root \(b.root)")
            }
            print("  epoch \(report.epoch), state root \(report.stateRoot)")
        }
    }
}

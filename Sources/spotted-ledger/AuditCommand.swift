import ArgumentParser
import Ethereum
import SpottedLedger

/// The audit trail of a challenge and its slashes, every item with its log sequence number and
/// every signature re-checked.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract:
            "Show the full trail of a challenge: claim, signers, verification, rule, slashes, replicas.",
        discussion:
            "Examples:\n  spotted-ledger audit --ledger logs/demo --first\n  spotted-ledger audit --ledger logs/demo --challenge 0x… --json"
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "Challenge id (0x + 64 hex digits).") var challenge: String?
    @Flag(help: "Audit the first successful challenge (by submission sequence).") var first = false

    func validate() throws {
        guard (challenge != nil) != first else {
            throw ValidationError("give --challenge ID or --first")
        }
        if let challenge {
            do { _ = try Word(hex: challenge) } catch {
                throw ValidationError("--challenge: \(error)")
            }
        }
    }

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let id = try challenge.map { try Word(hex: $0) }
        let trail = try query { () throws(QueryError) in try engine.slashAudit(challenge: id) }
        try options.emit(trail) { printTable(trail) }
        if !trail.allSignersRecheck { throw ExitCode(1) }
    }

    private func printTable(_ t: SlashAuditReport) {
        let c = t.claim
        print(
            "challenge \(t.challenge)  (seq \(t.submittedSequence)) by \(t.challenger), bond \(t.bond)"
        )
        print(
            "claim     user \(c.user) chain \(c.chainId) block \(c.blockNumber) key \(c.key): claimed \(c.claimedValue)"
        )
        print("digest    \(c.digest)")
        for x in t.signers {
            print(
                "signer    \(x.signingKey) → operator \(x.operator)  \(x.rechecked ? "✓ re-checked" : "✗ does not re-check")"
            )
        }
        if let v = t.verification.value {
            print(
                "verified  \(v.value) from chain \(v.sourceChainId) (seq \(v.sequence), guid \(v.guid))"
            )
        } else {
            print("verified  none")
        }
        if let r = t.resolution.value {
            print("rule      \(r.rule)  (seq \(r.sequence))")
        } else {
            print("rule      unresolved")
        }
        for x in t.transactions {
            print(
                "tx        \(x.step) (seq \(x.sequence)) came as transaction \(x.transactionHash), \(x.rawTransaction.bytes.count) bytes"
            )
        }
        let b = t.balances
        print(
            "bond      \(t.bondOutcome): challenger claimable \(b.claimableWei(of: t.challenger)) wei, claimed \(b.claimedWei(of: t.challenger)) wei; treasury \(b.treasuryWei) wei"
        )
        for sl in t.slashes {
            print(
                "slash     \(sl.operator): weight \(sl.weightBefore) → \(sl.weightAfter) from epoch \(sl.effectiveEpoch)"
            )
            for s in sl.strategies {
                print(
                    "            \(s.strategy): magnitude \(s.magnitudeBefore) → \(s.magnitudeAfter), shares \(s.sharesBefore) → \(s.sharesAfter)"
                )
            }
            for r in sl.replicas {
                print(
                    "            chain \(r.chainId): batch \(sl.effectiveEpoch) \(r.appliedSequence.value.map { "applied at seq \($0)" } ?? r.appliedSequence.absent)"
                )
            }
        }
    }
}

import Plot
import SpottedLedger

/// For every challenge: claim → signers → verification → rule → slashes with magnitudes and
/// weights before and after → the batch each replica applied (`audit --json`).
enum SlashTrailSection {
    /// The steps of one trail, each with its sequence.
    static func steps(_ a: SlashAuditReport) -> [String] {
        let c = a.claim
        var out = [
            "seq \(a.submittedSequence): challenge \(a.challenge) by \(a.challenger.checksummed), bond \(a.bond) wei",
            "claim: user \(c.user.checksummed) on chain \(c.chainId), block \(c.blockNumber), key \(c.key), claimed value \(c.claimedValue)",
            "signers: \(a.signers.count), \(a.signers.filter(\.rechecked).count) re-checked against the digest \(c.digest): "
                + a.signers.map {
                    "\($0.operator.checksummed) (key \($0.signingKey.checksummed))\($0.rechecked ? "" : " NOT re-checked")"
                }.joined(separator: ", "),
        ]
        if let v = a.verification.value {
            out.append(
                "seq \(v.sequence): verified value \(v.value) from source chain \(v.sourceChainId)")
        } else {
            out.append("verification: \(a.verification.absent)")
        }
        if let r = a.resolution.value {
            out.append(
                "seq \(r.sequence): \(r.successful ? "successful" : "failed"), rule: \(r.rule); bond \(a.bondOutcome)"
            )
        } else {
            out.append("resolution: \(a.resolution.absent)")
        }
        return out
    }

    /// The slash table of one trail: one row per (operator, strategy).
    static func table(_ a: SlashAuditReport, index: Int) -> DataTable {
        DataTable(
            id: "slash-\(index)", caption: "Slashes of challenge \(index + 1) (audit --json)",
            headers: [
                "operator", "strategy", "wad slashed", "magnitude before", "magnitude after",
                "weight before", "weight after", "effective epoch", "applied (chain: seq)",
            ],
            rows: a.slashes.flatMap { s in
                s.strategies.map {
                    [
                        s.operator.checksummed, $0.strategy.checksummed, "\($0.wadSlashed)",
                        "\($0.magnitudeBefore)", "\($0.magnitudeAfter)", "\(s.weightBefore)",
                        "\(s.weightAfter)", "\(s.effectiveEpoch)",
                        s.replicas.map {
                            "\($0.chainId): \($0.appliedSequence.value.map { "\($0)" } ?? $0.appliedSequence.absent)"
                        }.joined(separator: "; "),
                    ]
                }
            })
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        let omitted =
            data.auditsOmitted > 0 ? " \(data.auditsOmitted) later challenges are not shown." : ""
        return .section(
            .id("slashes"),
            .h2(.text("Slash trails")),
            .p(
                .text(
                    "\(data.audits.count) challenges, in submission order: the claim, its signers, the verified value and the rule that decided it, then what each slashed operator lost and the sequence at which each replica applied the new weight.\(omitted)"
                )),
            .forEach(data.audits.indices) { i in
                let a = data.audits[i]
                return .div(
                    .class("trail"),
                    .h3(.text("Challenge \(i + 1)")),
                    .ol(.class("trail"), .forEach(steps(a)) { .li(.text($0)) }),
                    .if(!a.slashes.isEmpty, table(a, index: i).render()))
            })
    }
}

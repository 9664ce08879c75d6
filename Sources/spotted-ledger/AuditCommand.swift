import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol

/// The audit trail of a challenge and its slashes, every item with its log sequence number and
/// every signature re-checked.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the full trail of a challenge: claim, signers, verification, rule, slashes, replicas.",
        discussion: "Examples:\n  spotted-ledger audit --ledger logs/demo --first\n  spotted-ledger audit --ledger logs/demo --challenge 0x… --json")

    @OptionGroup var options: LedgerOptions
    @Option(help: "Challenge id (0x + 64 hex digits).") var challenge: String?
    @Flag(help: "Audit the first successful challenge (by submission sequence).") var first = false

    func validate() throws {
        try options.validateExisting()
        guard (challenge != nil) != first else { throw ValidationError("give --challenge ID or --first") }
        if let challenge { do { _ = try Word(hex: challenge) } catch { throw ValidationError("--challenge: \(error)") } }
    }

    func run() throws {
        let engine = try options.openEngine()
        let s = engine.state
        guard let genesis = s.genesis else { throw Failure("the ledger has no genesis") }
        let chosen: Challenge?
        if let challenge, let id = try? Word(hex: challenge) {
            chosen = s.stateDisputeResolver.challenges[id]
        } else {
            chosen = s.stateDisputeResolver.challenges.values.filter { $0.resolution?.successful == true }.min { $0.submittedSequence < $1.submittedSequence }
        }
        guard let c = chosen else { throw Failure(challenge.map { "no challenge \($0) in the ledger" } ?? "the ledger has no successful challenge") }
        let digest = c.claim.digest(domain: genesis.resolverDomain)
        let signers: [(operator: Address, signer: Address, recheck: Bool)] = c.signatures.enumerated().map { i, sig in
            let recovered = try? ECDSA.recover(digest: digest, signature: sig)
            return (c.operators[i], c.signers[i], recovered == c.signers[i] && s.stakeRegistry.signingKeyOperator[c.signers[i]] == c.operators[i])
        }
        let r = c.resolution
        func replicaSightings(_ epoch: UInt32) -> [JSONText] {
            s.replicas.keys.sorted().map { chain in
                .object([("chainId", .int(chain)), ("appliedSequence", s.replicas[chain]?.appliedBatches[epoch].map { .int($0) } ?? .string("not applied"))])
            }
        }
        options.emit(.object([
            ("challenge", .string(c.id.description)), ("submittedSequence", .int(c.submittedSequence)), ("challenger", .string(c.challenger.checksummed)),
            ("bond", .number(c.bondWei.description)),
            ("claim", .object([("user", .string(c.claim.user.checksummed)), ("chainId", .int(c.claim.chainId)), ("blockNumber", .int(c.claim.blockNumber)),
                               ("timestamp", .int(c.claim.timestamp)), ("key", .number(c.claim.key.description)), ("claimedValue", .number(c.claim.value.description)),
                               ("digest", .string(digest.description))])),
            ("signers", .array(signers.map { .object([("operator", .string($0.operator.checksummed)), ("signingKey", .string($0.signer.checksummed)),
                                                       ("rechecked", .bool($0.recheck))]) })),
            ("verification", r?.verified.map { v in .object([("value", .number(v.value.description)), ("sequence", .int(v.sequence)),
                                                             ("sourceChainId", .int(c.claim.chainId)), ("guid", .string(v.guid.description))]) } ?? .string("none")),
            ("resolution", r.map { r in .object([("successful", .bool(r.successful)), ("rule", .string(r.rule.description)), ("sequence", .int(r.sequence))]) } ?? .string("unresolved")),
            ("slashes", .array((r?.slashes ?? []).map { sl in .object([
                ("operator", .string(sl.operator.checksummed)), ("operatorSetId", .int(sl.operatorSetId)), ("wadToSlash", .number(sl.wadToSlash.description)),
                ("strategies", .array(sl.strategies.indices.map { i in .object([
                    ("strategy", .string(sl.strategies[i].checksummed)), ("wadSlashed", .number(sl.wadSlashed[i].description)),
                    ("magnitudeBefore", .int(sl.magnitudeBefore[i].currentWad)), ("magnitudeAfter", .int(sl.magnitudeAfter[i].currentWad)),
                    ("sharesBefore", .number(sl.sharesBefore[i].description)), ("sharesAfter", .number(sl.sharesAfter[i].description))]) })),
                ("weightBefore", .number(sl.weightBefore.description)), ("weightAfter", .number(sl.weightAfter.description)),
                ("effectiveEpoch", .int(sl.effectiveEpoch)), ("replicas", .array(replicaSightings(sl.effectiveEpoch))),
            ]) })),
        ])) {
            print("challenge \(c.id)  (seq \(c.submittedSequence)) by \(c.challenger), bond \(c.bondWei)")
            print("claim     user \(c.claim.user) chain \(c.claim.chainId) block \(c.claim.blockNumber) key \(c.claim.key): claimed \(c.claim.value)")
            print("digest    \(digest)")
            for x in signers { print("signer    \(x.signer) → operator \(x.operator)  \(x.recheck ? "✓ re-checked" : "✗ does not re-check")") }
            if let v = r?.verified { print("verified  \(v.value) from chain \(c.claim.chainId) (seq \(v.sequence), guid \(v.guid))") } else { print("verified  none") }
            if let r { print("rule      \(r.rule.description)  (seq \(r.sequence))") } else { print("rule      unresolved") }
            for sl in r?.slashes ?? [] {
                print("slash     \(sl.operator): weight \(sl.weightBefore) → \(sl.weightAfter) from epoch \(sl.effectiveEpoch)")
                for i in sl.strategies.indices {
                    print("            \(sl.strategies[i]): magnitude \(sl.magnitudeBefore[i].currentWad) → \(sl.magnitudeAfter[i].currentWad), shares \(sl.sharesBefore[i]) → \(sl.sharesAfter[i])")
                }
                for chain in s.replicas.keys.sorted() {
                    let seen = s.replicas[chain]?.appliedBatches[sl.effectiveEpoch].map { "applied at seq \($0)" } ?? "not applied yet"
                    print("            chain \(chain): batch \(sl.effectiveEpoch) \(seen)")
                }
            }
        }
        if signers.contains(where: { !$0.recheck }) { throw ExitCode(1) }
    }
}

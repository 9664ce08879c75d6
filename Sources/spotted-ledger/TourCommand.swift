import ArgumentParser
import SpottedLedger

/// Walks one signed state proof end to end with real secp256k1 keys (``ProofWalkthrough``).
/// Named `tour` so it is not confused with `tools/demo`; `demo` still works as an alias.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Sign and check a Spotted state proof with deterministic operator keys.",
        discussion: """
            Keys are derived from --seed, so the output is the same on every machine.
            Examples:
              spotted-ledger tour
              spotted-ledger tour --operators 3 --seed alpha --json
            """,
        aliases: ["demo"])

    @Option(help: "Number of operators that sign (1…100).")
    var operators = 5

    @Option(help: "Seed the operator keys are derived from.")
    var seed = "spotted"

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1...100).contains(operators) else {
            throw ValidationError("--operators must be between 1 and 100, got \(operators)")
        }
    }

    func run() throws {
        let proof = try ProofWalkthrough.run(operators: operators, seed: seed)
        if json { print(try ReportJSON.render(proof)) } else { printTable(proof) }
        guard proof.succeeded else { throw ExitCode(1) }
    }

    private func printTable(_ proof: ProofWalkthroughReport) {
        let claim = proof.claim
        print(
            "State claim  user \(claim.user)  chain \(claim.chainId)  block \(claim.blockNumber)  key \(claim.key)  value \(claim.value)"
        )
        print("task id      \(proof.taskId)")
        print("EIP-712      domain \(proof.domainSeparator)")
        print("digest       \(proof.digest)")
        print("")
        print(
            "operator                                    signature (r‖s‖v)                          recovered"
        )
        for row in proof.signers {
            print(
                "\(row.operator)  \(row.signature.prefix(18))…\(row.signature.suffix(6))  \(row.match ? "✓" : "✗ \(row.recovered)")"
            )
        }
        print("")
        print(
            "isValidSignature bundle: \(proof.signers.count) operators sorted, reference epoch \(ProofWalkthroughReport.referenceEpoch), "
                + "\(proof.bundleBytes) bytes, decode round-trip \(proof.bundleRoundTrip ? "✓" : "✗")"
        )
        for refusal in proof.refused { print("refused      \(refusal.case): \(refusal.error)") }
    }
}

import ArgumentParser
import Ethereum
import SpottedProtocol

/// Walks one signed state proof end to end with real secp256k1 keys: operators sign the EIP-712
/// State digest, signers are recovered, the ERC-1271 bundle is encoded and decoded back, and
/// malleated signatures are refused.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sign and check a Spotted state proof with deterministic operator keys.",
        discussion: """
            Keys are derived from --seed, so the output is the same on every machine.
            Examples:
              spotted-ledger demo
              spotted-ledger demo --operators 3 --seed alpha --json
            """)

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
        let resolver = Address(lowBytesOf: Keccak256.hash("\(seed)/resolver"))
        let domain = StateClaim.resolverDomain(chainId: 1, resolver: resolver)
        let claim = try StateClaim(user: Address(lowBytesOf: Keccak256.hash("\(seed)/user")), chainId: 10,
                                   blockNumber: 123_456, timestamp: 1_700_000_000, key: 1, value: 42)
        let digest = claim.digest(domain: domain)

        var rows = [(operator: Address, signature: Signature, recovered: Address)]()
        for index in 0..<operators {
            let key = try PrivateKey(Keccak256.hash("\(seed)/operator/\(index)"))
            let signature = key.sign(digest: digest)
            let recovered = try ECDSA.recover(digest: digest, signature: signature.bytes)
            rows.append((key.address, signature, recovered))
        }
        let bundle = SignatureBundle(sorting: rows.map { ($0.operator, $0.signature.bytes) }, referenceEpoch: 7)
        let encoded = bundle.encoded()
        let roundTrip = try SignatureBundle(decoding: encoded) == bundle

        // Malleability: the high-s twin and a v of 0 are refused with OpenZeppelin's errors.
        var highS = rows[0].signature
        highS.s = UInt256(ECDSA.curveOrder).subtractingReportingOverflow(UInt256(highS.s)).partialValue.word
        highS.v = highS.v == 27 ? 28 : 27
        let zeroV = Signature(r: rows[0].signature.r, s: rows[0].signature.s, v: 0)
        let refusals = [("high-s twin", highS), ("v = 0", zeroV)].map { name, sig in
            (name, Result { () throws(ECDSAError) in try ECDSA.recover(digest: digest, signature: sig.bytes) })
        }

        if json {
            let output = JSONText.object([
                ("claim", .object([("user", .string(claim.user.checksummed)), ("chainId", .int(claim.chainId)),
                                   ("blockNumber", .int(claim.blockNumber)), ("timestamp", .int(claim.timestamp)),
                                   ("key", .number(claim.key.description)), ("value", .number(claim.value.description))])),
                ("taskId", .string(claim.taskId.description)),
                ("domainSeparator", .string(domain.separator.description)),
                ("digest", .string(digest.description)),
                ("signers", .array(rows.map { .object([("operator", .string($0.operator.checksummed)),
                                                       ("signature", .string($0.signature.description)),
                                                       ("recovered", .string($0.recovered.checksummed)),
                                                       ("match", .bool($0.operator == $0.recovered))]) })),
                ("bundleBytes", .int(encoded.count)),
                ("bundleRoundTrip", .bool(roundTrip)),
                ("refused", .array(refusals.map { name, result in
                    .object([("case", .string(name)), ("error", .string(Self.outcome(result)))]) })),
            ])
            print(output.rendered)
        } else {
            print("State claim  user \(claim.user)  chain \(claim.chainId)  block \(claim.blockNumber)  key \(claim.key)  value \(claim.value)")
            print("task id      \(claim.taskId)")
            print("EIP-712      domain \(domain.separator)")
            print("digest       \(digest)")
            print("")
            print("operator                                    signature (r‖s‖v)                          recovered")
            for row in rows {
                let sig = row.signature.description
                print("\(row.operator)  \(sig.prefix(18))…\(sig.suffix(6))  \(row.operator == row.recovered ? "✓" : "✗ \(row.recovered)")")
            }
            print("")
            print("isValidSignature bundle: \(bundle.operators.count) operators sorted, reference epoch \(bundle.referenceEpoch), \(encoded.count) bytes, decode round-trip \(roundTrip ? "✓" : "✗")")
            for (name, result) in refusals { print("refused      \(name): \(Self.outcome(result))") }
        }
        guard roundTrip, rows.allSatisfy({ $0.operator == $0.recovered }) else { throw ExitCode(1) }
    }

    static func outcome(_ result: Result<Address, ECDSAError>) -> String {
        switch result {
        case .success(let address): "accepted as \(address)"
        case .failure(let error): error.name
        }
    }
}

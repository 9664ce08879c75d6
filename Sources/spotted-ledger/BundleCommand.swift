import ArgumentParser
import Ethereum
import SpottedLedger

/// `bundle`: helpers for ERC-1271 `signatureData`.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Helpers for ERC-1271 signatureData.",
        subcommands: [BundleEncodeCommand.self])
}

/// `abi.encode(address[] operators, bytes[] signatures, uint32 referenceEpoch)`, sorted by operator.
struct BundleEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract:
            "Encode signatureData for isValidSignature from operators, signatures and a reference epoch.",
        discussion: """
            Pairs are sorted by operator, as the registries require; the n-th --signature belongs \
            to the n-th --operator. Needs no ledger.
            Example:
              spotted-ledger bundle encode --operator 0xA… --signature 0x… \\
                --operator 0xB… --signature 0x… --reference-epoch 3
            """)

    @Option(help: "An operator (0x address); repeat, one per signature.") var `operator`: [String]
    @Option(help: "Its 65-byte signature (0x hex); repeat, in operator order.") var signature:
        [String]
    @Option(help: "The epoch the registry checks keys and weights at.") var referenceEpoch: UInt32
    @Flag(help: "Print one JSON object for scripts instead of tables.") var json = false

    func validate() throws {
        guard `operator`.count == signature.count else {
            throw ValidationError(
                "give one --signature per --operator (\(`operator`.count) operators, \(signature.count) signatures)"
            )
        }
        for o in `operator` {
            do { _ = try Address(o) } catch { throw ValidationError("--operator \(o): \(error)") }
        }
        for s in signature {
            do { _ = try Hex.decode(s) } catch { throw ValidationError("--signature: \(error)") }
        }
    }

    func run() throws {
        var pairs = [(operator: Address, signature: [UInt8])]()
        for (o, s) in zip(`operator`, signature) {
            let op = try Address(o)
            let bytes = try Hex.decode(s)
            pairs.append((op, bytes))
        }
        let r = try query { () throws(QueryError) in
            try SigningHelpers.bundle(pairs, referenceEpoch: referenceEpoch)
        }
        if json {
            print(try ReportJSON.render(r))
        } else {
            print(Hex.encode(r.signatureData.bytes))
        }
    }
}

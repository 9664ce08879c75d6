import ArgumentParser
import Ethereum
import SpottedLedger

/// ERC-1271 `isValidSignature` on the main registry or a replica.
struct CheckSignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-signature",
        abstract: "Run isValidSignature(digest, signatureData) on the main registry or a replica.",
        discussion:
            "Exit code 1 with the rule that refused.\nExample:\n  spotted-ledger check-signature --ledger logs/demo --digest 0x… \\\n    --signature-data 0x… --chain 2"
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The 32-byte digest (0x hex).") var digest: String
    @Option(
        help: "abi.encode(address[] operators, bytes[] signatures, uint32 referenceEpoch), 0x hex.")
    var signatureData: String
    @Option(help: "A destination chain (default: the main registry).") var chain: UInt64?

    func validate() throws {
        do { _ = try Word(hex: digest) } catch { throw ValidationError("--digest: \(error)") }
        do { _ = try Hex.decode(signatureData) } catch {
            throw ValidationError("--signature-data: \(error)")
        }
    }

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let d = try Word(hex: digest)
        let data = try Hex.decode(signatureData)
        let report = try query { () throws(QueryError) in
            try engine.checkSignature(digest: d, signatureData: data, chainId: chain)
        }
        try options.emit(report) {
            if let magic = report.magicValue {
                print("valid: \(Hex.encode(magic.bytes))")
            } else {
                print("refused: \(report.message ?? "")")
            }
        }
        if !report.valid { throw ExitCode(1) }
    }
}

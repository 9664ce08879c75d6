import ArgumentParser
import Ethereum
import SpottedLedger

/// The signer of a signature over a digest, and the operator its key belongs to at an epoch.
struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract:
            "Recover the signer of a digest's signature and the operator whose signing key it is at an epoch.",
        discussion:
            "Exit code 1 when the signature recovers no signer.\nExample:\n  spotted-ledger recover --ledger logs/demo --digest 0x… --signature 0x… \\\n    --epoch 3"
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The 32-byte digest (0x hex).") var digest: String
    @Option(help: "The 65-byte signature r ‖ s ‖ v (0x hex).") var signature: String
    @Option(help: "The epoch whose signing keys to search (default: the current one).")
    var epoch: UInt32?

    func validate() throws {
        do { _ = try Word(hex: digest) } catch { throw ValidationError("--digest: \(error)") }
        do { _ = try Hex.decode(signature) } catch {
            throw ValidationError("--signature: \(error)")
        }
    }

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let d = try Word(hex: digest)
        let sig = try Hex.decode(signature)
        let r = try query { () throws(QueryError) in
            try engine.recover(digest: d, signature: sig, epoch: epoch)
        }
        try options.emit(r) {
            print("signer    \(r.signer)")
            print("operator  \(r.operator.value.map(\.checksummed) ?? "none") at epoch \(r.epoch)")
        }
    }
}

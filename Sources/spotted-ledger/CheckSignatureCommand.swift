import ArgumentParser
import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol

/// ERC-1271 `isValidSignature` on the main registry or a replica.
struct CheckSignatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-signature", abstract: "Run isValidSignature(digest, signatureData) on the main registry or a replica.",
        discussion: "Exit code 1 with the rule that refused.\nExample: spotted-ledger check-signature --ledger logs/demo --digest 0x… --signature-data 0x… --chain 2")

    @OptionGroup var options: LedgerOptions
    @Option(help: "The 32-byte digest (0x hex).") var digest: String
    @Option(help: "abi.encode(address[] operators, bytes[] signatures, uint32 referenceEpoch), 0x hex.") var signatureData: String
    @Option(help: "A destination chain (default: the main registry).") var chain: UInt64?

    func validate() throws {
        try options.validateExisting()
        do { _ = try Word(hex: digest) } catch { throw ValidationError("--digest: \(error)") }
        do { _ = try Hex.decode(signatureData) } catch { throw ValidationError("--signature-data: \(error)") }
    }

    func run() throws {
        let engine = try options.openEngine()
        let d = try Word(hex: digest), data = try Hex.decode(signatureData)
        let result: Result<[UInt8], ProtocolError>
        if let chain {
            guard let replica = engine.state.replicas[chain] else { throw ValidationError("--chain \(chain) has no replica") }
            result = Result { () throws(ProtocolError) in try replica.isValidSignature(digest: d, signatureData: data) }
        } else {
            result = Result { () throws(ProtocolError) in try engine.state.isValidSignature(digest: d, signatureData: data) }
        }
        switch result {
        case .success(let magic):
            options.emit(.object([("valid", .bool(true)), ("magicValue", .string(Hex.encode(magic)))])) { print("valid: \(Hex.encode(magic))") }
        case .failure(let error):
            options.emit(.object([("valid", .bool(false)), ("rule", .string(error.name)), ("message", .string(error.description))])) { print("refused: \(error)") }
            throw ExitCode(1)
        }
    }
}

import ArgumentParser
import Ethereum
import SpottedLedger

/// `claim`: helpers for the signed `State` claim.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim", abstract: "Helpers for the signed State claim (EIP-712).",
        subcommands: [ClaimDigestCommand.self])
}

/// The `State` EIP-712 digest of a claim under the ledger's resolver domain.
struct ClaimDigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract:
            "Compute the State EIP-712 digest operators sign, under the ledger's resolver domain.",
        discussion:
            "Example:\n  spotted-ledger claim digest --ledger logs/demo --user 0x… --chain 2 \\\n    --block 100 --timestamp 1700000000 --key 1 --value 42"
    )

    @OptionGroup var options: LedgerOptions
    @OptionGroup var prefix: IntactPrefix
    @Option(help: "The user whose StateManager value is claimed (0x address).") var user: String
    @Option(help: "The chain the value lives on (uint32).") var chain: UInt32
    @Option(help: "The block number of the claim (uint64).") var block: UInt64
    @Option(help: "The block's timestamp in seconds (uint48).") var timestamp: UInt64
    @Option(help: "The StateManager key (decimal or 0x hex, uint256).") var key: String
    @Option(help: "The claimed value (decimal or 0x hex, uint256).") var value: String

    func validate() throws {
        do { _ = try Address(user) } catch { throw ValidationError("--user: \(error)") }
        _ = try parseUInt256(key, "--key")
        _ = try parseUInt256(value, "--value")
    }

    func run() throws {
        let engine = try options.openEngine(through: prefix.through)
        let u = try Address(user)
        let k = try parseUInt256(key, "--key")
        let v = try parseUInt256(value, "--value")
        let r = try query { () throws(QueryError) in
            try engine.claimDigest(
                user: u, chainId: chain, blockNumber: block, timestamp: timestamp, key: k, value: v)
        }
        try options.emit(r) {
            print("digest      \(r.digest)")
            print("structHash  \(r.structHash)")
            print("taskId      \(r.taskId)")
            print(
                "domain      \(r.domain.name) \(r.domain.version) chainId \(r.domain.chainId) verifyingContract \(r.domain.verifyingContract)"
            )
            print("separator   \(r.domain.separator)")
            print("type        \(r.typeString)")
        }
    }
}

/// A uint256 option in decimal or 0x hex; a usage error naming the option otherwise.
func parseUInt256(_ text: String, _ option: String) throws -> UInt256 {
    guard let v = UInt256(text) else {
        throw ValidationError("\(option) '\(text)' is not a uint256 (decimal or 0x hex)")
    }
    return v
}

import Ethereum
import SpottedProtocol

/// The EIP-712 digest operators sign for a `State` claim under the ledger's resolver domain.
public struct ClaimDigestReport: Encodable, Sendable {
    /// The StateDisputeResolver's EIP-712 domain.
    public struct Domain: Encodable, Sendable {
        /// `name`.
        public var name: String
        /// `version`.
        public var version: String
        /// `chainId`: the main chain.
        public var chainId: UInt256
        /// `verifyingContract`: the resolver.
        public var verifyingContract: Address
        /// The domain separator.
        public var separator: Word
    }

    /// The domain the digest is under.
    public var domain: Domain
    /// The exact EIP-712 type string of `State`.
    public var typeString: String
    /// hashStruct(State) of the claim.
    public var structHash: Word
    /// `keccak256(0x1901 ‖ separator ‖ structHash)`: what operators sign.
    public var digest: Word
    /// The task and challenge id of the claim's slot (the value left out).
    public var taskId: Word
}

/// ERC-1271 `signatureData` for the stake registries, built from operators and signatures.
public struct BundleReport: Encodable, Sendable {
    /// The operators, ascending (as the registries require), each with its signature.
    public var operators: [Address]
    /// The signatures, in the order of `operators`.
    public var signatures: [HexBytes]
    /// The epoch the registry checks keys and weights at.
    public var referenceEpoch: UInt32
    /// `abi.encode(address[] operators, bytes[] signatures, uint32 referenceEpoch)`.
    public var signatureData: HexBytes
}

/// Who signed a digest, and which operator that signing key belongs to at an epoch.
public struct RecoverReport: Encodable, Sendable {
    /// The digest signed.
    public var digest: Word
    /// The address the signature recovers to.
    public var signer: Address
    /// The epoch whose signing keys were searched.
    public var epoch: UInt32
    /// The operator whose signing key at `epoch` is `signer`, or "none".
    public var `operator`: OrAbsent<Address>
}

/// The helpers (like `cast`) that build and take apart what operators sign; pure functions of
/// their inputs.
public enum SigningHelpers {
    /// The bundle of `pairs`, sorted by operator; refuses an empty list, more than
    /// ``Limits/maxBundleSigners``, a repeated operator or a signature that is not 65 bytes.
    public static func bundle(
        _ pairs: [(operator: Address, signature: [UInt8])], referenceEpoch: UInt32
    ) throws(QueryError) -> BundleReport {
        guard !pairs.isEmpty, pairs.count <= Limits.maxBundleSigners else {
            throw .badArgument(
                field: "operator",
                reason: "give 1…\(Limits.maxBundleSigners) operators, got \(pairs.count)")
        }
        for (i, pair) in pairs.enumerated() where pair.signature.count != 65 {
            throw .badArgument(
                field: "signature",
                reason:
                    "signature \(i + 1) is \(pair.signature.count) bytes; expected 65 (r ‖ s ‖ v)")
        }
        let bundle = SignatureBundle(sorting: pairs, referenceEpoch: referenceEpoch)
        if let repeated = zip(bundle.operators, bundle.operators.dropFirst()).first(where: {
            $0.0 == $0.1
        }) {
            throw .badArgument(field: "operator", reason: "operator \(repeated.0) is given twice")
        }
        return BundleReport(
            operators: bundle.operators, signatures: bundle.signatures.map(HexBytes.init),
            referenceEpoch: referenceEpoch, signatureData: HexBytes(bundle.encoded()))
    }

    /// The digest report of `claim` under `domain`.
    public static func claimDigest(_ claim: StateClaim, domain: EIP712.Domain) -> ClaimDigestReport
    {
        ClaimDigestReport(
            domain: ClaimDigestReport.Domain(
                name: domain.name ?? "", version: domain.version ?? "",
                chainId: domain.chainId ?? .zero,
                verifyingContract: domain.verifyingContract ?? .zero,
                separator: domain.separator),
            typeString: StateClaim.typeString, structHash: claim.structHash,
            digest: claim.digest(domain: domain), taskId: claim.taskId)
    }
}

extension Engine {
    /// The `State` digest of a claim under this ledger's resolver domain (from its genesis).
    public func claimDigest(
        user: Address, chainId: UInt32, blockNumber: UInt64, timestamp: UInt64, key: UInt256,
        value: UInt256
    ) throws(QueryError) -> ClaimDigestReport {
        guard let genesis = state.genesis else { throw .notFound("the ledger has no genesis") }
        let claim: StateClaim
        do {
            claim = try StateClaim(
                user: user, chainId: chainId, blockNumber: blockNumber, timestamp: timestamp,
                key: key, value: value)
        } catch { throw .badArgument(field: "timestamp", reason: error.description) }
        return SigningHelpers.claimDigest(claim, domain: genesis.resolverDomain)
    }

    /// The signer of `signature` over `digest`, and the operator whose signing key it is at
    /// `epoch` in the main registry (default: the current epoch; at most two epochs ahead).
    public func recover(digest: Word, signature: [UInt8], epoch: UInt32? = nil) throws(QueryError)
        -> RecoverReport
    {
        let at = epoch ?? state.currentEpoch
        guard at <= state.currentEpoch + 2 else {
            throw .badArgument(
                field: "epoch",
                reason:
                    "--epoch \(at) is out of range: the ledger is in epoch \(state.currentEpoch)")
        }
        let signer: Address
        do { signer = try ECDSA.recover(digest: digest, signature: signature) } catch {
            throw .notFound("the signature recovers no signer: \(error)")
        }
        let registry = state.stakeRegistry
        let op = registry.operators.keys.sorted().first {
            registry.signingKey(of: $0, at: at) == signer
        }
        return RecoverReport(
            digest: digest, signer: signer, epoch: at, operator: OrAbsent(op, absent: "none"))
    }
}

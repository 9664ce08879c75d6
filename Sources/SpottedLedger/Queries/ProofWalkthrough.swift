import Ethereum
import SpottedProtocol

/// One signed state proof walked end to end with deterministic keys: operators sign the EIP-712
/// State digest, signers are recovered, the ERC-1271 bundle is encoded and decoded back, and
/// malleated signatures are refused.
public struct ProofWalkthroughReport: Encodable, Sendable {
    /// The claim signed.
    public struct Claim: Encodable, Sendable {
        /// The user whose state slot is claimed.
        public var user: Address
        /// The chain the slot lives on (uint32 in the claim; u64 like every chain id in reports).
        public var chainId: UInt64
        /// The block the value is claimed at.
        public var blockNumber: UInt64
        /// uint48 seconds.
        public var timestamp: UInt64
        /// The StateManager key.
        public var key: UInt256
        /// The value claimed for the key.
        public var value: UInt256
    }

    /// One operator's signature and the address it recovers to.
    public struct Signer: Encodable, Sendable {
        /// The operator's address (its signing key's address).
        public var `operator`: Address
        /// r ‖ s ‖ v as 0x hex.
        public var signature: String
        /// The address ECDSA recovery gives for the signature.
        public var recovered: Address
        /// `recovered` is the operator.
        public var match: Bool
    }

    /// A malleated signature and how recovery answered it.
    public struct Refusal: Encodable, Sendable {
        /// Which malleation.
        public var `case`: String
        /// The error's name, or "accepted as 0x…" if it was (wrongly) accepted.
        public var error: String
    }

    /// The reference epoch the bundle carries.
    public static let referenceEpoch: UInt32 = 7

    /// The claim the operators signed.
    public var claim: Claim
    /// The claim's task id.
    public var taskId: Word
    /// The EIP-712 domain separator of the dispute resolver.
    public var domainSeparator: Word
    /// The EIP-712 digest the operators signed.
    public var digest: Word
    /// Each operator's signature and recovered address.
    public var signers: [Signer]
    /// Size of the encoded ERC-1271 bundle.
    public var bundleBytes: Int
    /// The bundle decodes back to itself.
    public var bundleRoundTrip: Bool
    /// The malleated variants of the first signature and how each was answered.
    public var refused: [Refusal]

    /// Every signer recovered and the bundle round-tripped.
    public var succeeded: Bool { bundleRoundTrip && signers.allSatisfy(\.match) }
}

/// Walks one signed state proof (see ``ProofWalkthroughReport``).
public enum ProofWalkthrough {
    /// Signs and checks one claim with `operators` keys derived from `seed`.
    public static func run(operators: Int, seed: String) throws -> ProofWalkthroughReport {
        let resolver = Address(lowBytesOf: Keccak256.hash("\(seed)/resolver"))
        let domain = StateClaim.resolverDomain(chainId: 1, resolver: resolver)
        let claim = try StateClaim(
            user: Address(lowBytesOf: Keccak256.hash("\(seed)/user")), chainId: 10,
            blockNumber: 123_456, timestamp: 1_700_000_000, key: 1, value: 42)
        let digest = claim.digest(domain: domain)
        var signatures = [Signature]()
        var signers = [ProofWalkthroughReport.Signer]()
        for index in 0..<operators {
            let key = try PrivateKey(Keccak256.hash("\(seed)/operator/\(index)"))
            let signature = key.sign(digest: digest)
            let recovered = try ECDSA.recover(digest: digest, signature: signature.bytes)
            signatures.append(signature)
            signers.append(
                .init(
                    operator: key.address, signature: signature.description, recovered: recovered,
                    match: key.address == recovered))
        }
        let bundle = SignatureBundle(
            sorting: zip(signers, signatures).map { ($0.operator, $1.bytes) },
            referenceEpoch: ProofWalkthroughReport.referenceEpoch)
        let encoded = bundle.encoded()
        let roundTrip = try SignatureBundle(decoding: encoded) == bundle
        return ProofWalkthroughReport(
            claim: .init(
                user: claim.user, chainId: UInt64(claim.chainId), blockNumber: claim.blockNumber,
                timestamp: claim.timestamp,
                key: claim.key, value: claim.value),
            taskId: claim.taskId, domainSeparator: domain.separator, digest: digest,
            signers: signers,
            bundleBytes: encoded.count, bundleRoundTrip: roundTrip,
            refused: signatures.first.map { malleated($0, digest) } ?? [])
    }

    /// The high-s twin and a v of 0 of `signature`, each refused with OpenZeppelin's errors.
    static func malleated(_ signature: Signature, _ digest: Word) -> [ProofWalkthroughReport
        .Refusal]
    {
        var highS = signature
        highS.s =
            UInt256(ECDSA.curveOrder).subtractingReportingOverflow(UInt256(highS.s)).partialValue
            .word
        highS.v = highS.v == 27 ? 28 : 27
        let zeroV = Signature(r: signature.r, s: signature.s, v: 0)
        return [("high-s twin", highS), ("v = 0", zeroV)].map { name, sig in
            let outcome: String
            do throws(ECDSAError) {
                outcome = "accepted as \(try ECDSA.recover(digest: digest, signature: sig.bytes))"
            } catch {
                outcome = error.name
            }
            return ProofWalkthroughReport.Refusal(case: name, error: outcome)
        }
    }
}

import Ethereum

/// Whether the reducers recover the registration and response signatures an event carries.
///
/// Challenge signatures are always recovered: who is slashed depends on them.
public enum SignatureChecks: Hashable, Sendable {
    /// Recover and compare while reducing (every submission, and replay on one core).
    case verify
    /// Trust them: the entry was checked when it was appended and the hash chain protects it.
    /// Replay uses this to run at log speed, or hands the ``SignatureClaim``s to a parallel checker.
    case skip
    /// Verify with the signature already recovered: `signer` is what the event's signature
    /// recovers to over `digest` (the ingestion pipeline recovers on every core before reducing).
    /// The comparison is the reducer's; a claim over another digest is recovered as with ``verify``.
    case recovered(digest: Word, signer: Address)

    /// Whether signatures are checked at all (every case but ``skip``).
    public var checksSignatures: Bool { self != .skip }
}

/// A signature an event carries, the digest it signs and the address that must have signed it:
/// everything needed to check it apart from reducing, on any thread.
public struct SignatureClaim: Hashable, Sendable {
    /// Which signature an event carries.
    public enum Kind: Hashable, Sendable {
        /// An AVSDirectory registration signature by the operator itself.
        case registration
        /// A task response signed by the operator's signing key in force.
        case response
    }

    /// Which signature this is.
    public var kind: Kind
    /// Log sequence of the event.
    public var sequence: UInt64
    /// The operator the signature is for.
    public var `operator`: Address
    /// The 32-byte digest signed (EIP-712).
    public var digest: Word
    /// The 65-byte signature as carried by the event.
    public var signature: [UInt8]
    /// The address that must recover from `signature` over `digest`.
    public var signer: Address

    /// Creates a claim from its six fields.
    public init(
        kind: Kind, sequence: UInt64, operator op: Address, digest: Word, signature: [UInt8],
        signer: Address
    ) {
        self.kind = kind
        self.sequence = sequence
        self.operator = op
        self.digest = digest
        self.signature = signature
        self.signer = signer
    }

    /// Recovers the signer and compares it: the refusal the reducer gives for a bad signature.
    /// `checks` may carry the signer already recovered over this claim's digest.
    public func check(_ checks: SignatureChecks = .verify) throws(ProtocolError) {
        let recovered: Address
        if case .recovered(let d, let signer) = checks, d == digest {
            recovered = signer
        } else {
            recovered = try recover()
        }
        try compare(recovered)
    }

    /// The address the signature recovers to over the digest, or the reducer's refusal.
    private func recover() throws(ProtocolError) -> Address {
        do {
            return try ECDSA.recover(digest: digest, signature: signature)
        } catch {
            switch kind {
            case .registration:
                throw .avsDirectory(.registrationSignatureInvalid(String(describing: error)))
            case .response: throw .stakeRegistry(.invalidSignature("response: \(error.name)"))
            }
        }
    }

    /// Refuses a recovered address that is not the claim's signer.
    private func compare(_ recovered: Address) throws(ProtocolError) {
        guard recovered == signer else {
            switch kind {
            case .registration:
                throw .avsDirectory(
                    .registrationSignatureInvalid(
                        "signed by \(recovered), not by operator \(`operator`)"))
            case .response:
                throw .stakeRegistry(
                    .invalidSignature(
                        "response signed by \(recovered), signing key of \(`operator`) is \(signer)"
                    ))
            }
        }
    }
}

extension LedgerState {
    /// The registration or response signature `event` carries, as it would be checked in this state
    /// (the state before the event). nil for other events, and for ones the reducers refuse before
    /// reaching the signature.
    public func signatureClaim(for event: ProtocolEvent, _ ctx: EventContext) -> SignatureClaim? {
        guard let genesis else { return nil }
        switch event {
        case .registerOperator(let sig, _, _):
            return AVSDirectory.registrationClaim(sig, ctx, genesis)
        case .respondToTask(let taskId, let value, let signature):
            guard let task = tasks.tasks[taskId] else { return nil }
            return Tasks.responseClaim(
                task.slot, value: value, signature: signature, ctx,
                signer: stakeRegistry.signingKey(of: ctx.sender, at: currentEpoch),
                domainSeparator: resolverDomainSeparator)
        default:
            return nil
        }
    }
}

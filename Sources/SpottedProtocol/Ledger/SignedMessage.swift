import Ethereum

/// The message a registration or response signature signs, found from the event alone (and, for a
/// response, its task's slot): what the ingestion pipeline recovers on every core before the one
/// reducing thread sees the event.
public struct SignedMessage: Hashable, Sendable {
    /// The 32-byte EIP-712 digest signed.
    public var digest: Word
    /// The 65-byte signature as the event carries it.
    public var signature: [UInt8]

    /// The message `event`, sent by `sender`, signs: a registration's from the genesis alone, a
    /// response's the digest `responseDigest` gives for its task and value. nil for other events
    /// and for responses `responseDigest` has no digest for (a task it does not know).
    public static func of(
        _ event: ProtocolEvent, sender: Address, genesis: LedgerGenesis,
        responseDigest: (_ taskId: Word, _ value: UInt256) -> Word?
    ) -> SignedMessage? {
        switch event {
        case .registerOperator(let sig, _, _):
            return SignedMessage(
                digest: AVSDirectory.registrationDigest(
                    operator: sender, genesis: genesis, salt: sig.salt, expiry: sig.expiry),
                signature: sig.signature)
        case .respondToTask(let taskId, let value, let signature):
            guard let digest = responseDigest(taskId, value) else { return nil }
            return SignedMessage(digest: digest, signature: signature)
        default:
            return nil
        }
    }

    /// The digest a response of `value` to the task at `slot` signs: the EIP-712 `State` claim
    /// under the resolver's domain.
    public static func responseDigest(
        _ slot: StateSlot, value: UInt256, resolverDomainSeparator: Word
    ) -> Word {
        slot.claim(value).digest(domainSeparator: resolverDomainSeparator)
    }

    /// The reducers' signature mode with this signature recovered (``SignatureChecks/recovered(digest:signer:)``),
    /// or ``SignatureChecks/verify`` when it does not recover (the reducer then gives the refusal).
    public func recovered() -> SignatureChecks {
        guard let signer = try? ECDSA.recover(digest: digest, signature: signature) else {
            return .verify
        }
        return .recovered(digest: digest, signer: signer)
    }
}

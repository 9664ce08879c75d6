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
    /// response's given its task's slot (`taskSlot`) and the resolver's domain separator. nil for
    /// other events and for responses to tasks `taskSlot` does not know.
    public static func of(
        _ event: ProtocolEvent, sender: Address, genesis: LedgerGenesis,
        resolverDomainSeparator: Word, taskSlot: (Word) -> StateSlot?
    ) -> SignedMessage? {
        switch event {
        case .registerOperator(let sig, _, _):
            return SignedMessage(
                digest: AVSDirectory.registrationDigest(
                    operator: sender, genesis: genesis, salt: sig.salt, expiry: sig.expiry),
                signature: sig.signature)
        case .respondToTask(let taskId, let value, let signature):
            guard let slot = taskSlot(taskId) else { return nil }
            return SignedMessage(
                digest: slot.claim(value).digest(domainSeparator: resolverDomainSeparator),
                signature: signature)
        default:
            return nil
        }
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

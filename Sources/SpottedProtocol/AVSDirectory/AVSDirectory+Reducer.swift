import Ethereum

/// `registerOperatorToAVS`, `deregisterOperatorFromAVS` and `cancelSalt` (spec §9, ethereum.md §5).
extension AVSDirectory {
    /// The checks of `registerOperatorToAVS`, in the v1.x order: not yet registered, salt unspent,
    /// an EigenLayer operator, signature not expired, signature by the operator.
    func checkRegistration(
        _ sig: RegistrationSignature, _ ctx: EventContext, _ genesis: LedgerGenesis,
        delegation: DelegationManager
    ) throws(ProtocolError) {
        let op = ctx.sender
        guard !registered.contains(op) else {
            throw .avsDirectory(.operatorAlreadyRegisteredToAVS(op))
        }
        guard !spentSalts.contains(OperatorSalt(operator: op, salt: sig.salt)) else {
            throw .avsDirectory(.saltSpent(operator: op, salt: sig.salt))
        }
        guard delegation.isOperator(op) else {
            throw .avsDirectory(.operatorNotRegisteredToEigenLayer(op))
        }
        guard sig.expiry >= UInt256(ctx.timestamp) else {
            throw .avsDirectory(.signatureExpired(expiry: sig.expiry, timestamp: ctx.timestamp))
        }
        if ctx.signatureChecks.checksSignatures {
            try Self.registrationClaim(sig, ctx, genesis).check(ctx.signatureChecks)
        }
    }

    /// The registration's signature claim: the operator itself signs the registration digest.
    static func registrationClaim(
        _ sig: RegistrationSignature, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) -> SignatureClaim {
        SignatureClaim(
            kind: .registration, sequence: ctx.sequence, operator: ctx.sender,
            digest: registrationDigest(
                operator: ctx.sender, genesis: genesis, salt: sig.salt,
                expiry: sig.expiry),
            signature: sig.signature, signer: ctx.sender)
    }

    /// Records the registration and spends its salt (after ``checkRegistration(_:_:_:delegation:)``).
    mutating func register(_ op: Address, salt: Word) {
        registered.insert(op)
        spentSalts.insert(OperatorSalt(operator: op, salt: salt))
    }

    /// `deregisterOperatorFromAVS`.
    mutating func deregister(_ op: Address) { registered.remove(op) }

    /// `cancelSalt(salt)`: the sender's salt can no longer be used.
    mutating func cancelSalt(_ salt: Word, _ ctx: EventContext) {
        spentSalts.insert(OperatorSalt(operator: ctx.sender, salt: salt))
    }
}

import Ethereum

/// StateDisputeResolver rules: challenges, resolution and claims.
public enum StateDisputeResolverError: ContractError {
    /// `submitChallenge`: the bond paid must be at least the challenge bond (wei).
    case insufficientBond(sent: UInt256, required: UInt256)
    /// `submitChallenge`: a challenge needs at least one signature.
    case noSignatures
    /// `submitChallenge`: at most `Limits.maxChallengeSignatures` signatures.
    case tooManySignatures(count: Int)
    /// Slashing needs at least one slashable strategy configured.
    case emptyStrategiesArray
    /// `setSlashAmount`: the amount must be in (0, 1e18] WAD.
    case invalidSlashAmount(UInt256)
    /// `submitChallenge`: one challenge per slot (challenge id).
    case challengeAlreadyExists(Word)
    /// `submitChallenge`: an operator may appear among the signers once.
    case duplicateOperator(Address)
    /// `resolveChallenge`: the challenge must exist (`NoChallengers`).
    case challengeNotFound(Word)
    /// `resolveChallenge`: a challenge is resolved once.
    case challengeAlreadyResolved(Word)
    /// `resolveChallenge`: the state must be verified, or the challenge window passed.
    case stateNotVerified(Word)
    /// `claim`: the sender must have a claimable balance.
    case noFundsToClaim(Address)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .insufficientBond: "InsufficientBond"
        case .noSignatures: "NoSignatures"
        case .tooManySignatures: "TooManySignatures"
        case .emptyStrategiesArray: "EmptyStrategiesArray"
        case .invalidSlashAmount: "InvalidSlashAmount"
        case .challengeAlreadyExists: "ChallengeAlreadyExists"
        case .duplicateOperator: "DuplicateOperator"
        case .challengeNotFound: "NoChallengers"
        case .challengeAlreadyResolved: "ChallengeAlreadyResolved"
        case .stateNotVerified: "StateNotVerified"
        case .noFundsToClaim: "NoFundsToClaim"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .insufficientBond: 1
        case .noSignatures: 2
        case .tooManySignatures: 3
        case .emptyStrategiesArray: 4
        case .invalidSlashAmount: 5
        case .challengeAlreadyExists: 6
        case .duplicateOperator: 7
        case .challengeNotFound: 8
        case .challengeAlreadyResolved: 9
        case .stateNotVerified: 10
        case .noFundsToClaim: 11
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .insufficientBond(let sent, let required): "bond \(sent) is below \(required)"
        case .noSignatures: "a challenge needs at least one signature"
        case .tooManySignatures(let n): "\(n) signatures exceed \(Limits.maxChallengeSignatures)"
        case .emptyStrategiesArray: "no slashable strategies are configured (D12)"
        case .invalidSlashAmount(let wad): "slash amount \(wad) must be in (0, 1e18]"
        case .challengeAlreadyExists(let id): "challenge \(id) already exists"
        case .duplicateOperator(let op): "operator \(op) signed twice"
        case .challengeNotFound(let id): "no challenge \(id)"
        case .challengeAlreadyResolved(let id): "challenge \(id) is already resolved"
        case .stateNotVerified(let id):
            "the state of challenge \(id) is not verified yet and its deadline has not passed"
        case .noFundsToClaim(let who): "\(who) has nothing to claim"
        }
    }
}

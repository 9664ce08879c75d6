import Ethereum

/// ECDSAStakeRegistry rules, in the contract's check order.
public enum StakeRegistryError: ContractError {
    /// `registerOperatorWithSignature`: the operator is already registered.
    case operatorAlreadyRegistered(Address)
    /// Deregistering, updating keys or weights: the operator is not registered.
    case operatorNotRegistered(Address)
    /// A signing key may belong to one operator only.
    case signingKeyAlreadySet(key: Address, owner: Address)
    /// A quorum needs at most the limit of strategies, uint96 multipliers, summing to 10 000.
    case invalidQuorum(String)
    /// Operators, strategies and signers must be in strictly ascending order.
    case notSorted(String)
    /// `updateOperatorsForQuorum` must list every registered operator.
    case mustUpdateAllOperators(expected: Int, got: Int)
    /// `isValidSignature`: one signature per listed operator.
    case lengthMismatch(operators: Int, signatures: Int)
    /// A signature bundle or operator list must not be empty.
    case invalidLength
    /// Each signature must recover to the operator's signing key at the reference epoch.
    case invalidSignature(String)
    /// The reference epoch must not be after the current epoch.
    case invalidEpoch(String)
    /// The signed weight must not exceed the total weight.
    case invalidSignedWeight(signed: UInt256, total: UInt256)
    /// The signed weight must reach the stake threshold.
    case insufficientSignedStake(signed: UInt256, threshold: UInt256)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .operatorAlreadyRegistered: "OperatorAlreadyRegistered"
        case .operatorNotRegistered: "OperatorNotRegistered"
        case .signingKeyAlreadySet: "SigningKeyAlreadySet"
        case .invalidQuorum: "InvalidQuorum"
        case .notSorted: "NotSorted"
        case .mustUpdateAllOperators: "MustUpdateAllOperators"
        case .lengthMismatch: "LengthMismatch"
        case .invalidLength: "InvalidLength"
        case .invalidSignature: "InvalidSignature"
        case .invalidEpoch: "InvalidEpoch"
        case .invalidSignedWeight: "InvalidSignedWeight"
        case .insufficientSignedStake: "InsufficientSignedStake"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .operatorAlreadyRegistered: 1
        case .operatorNotRegistered: 2
        case .signingKeyAlreadySet: 3
        case .invalidQuorum: 4
        case .notSorted: 5
        case .mustUpdateAllOperators: 6
        case .lengthMismatch: 7
        case .invalidLength: 8
        case .invalidSignature: 9
        case .invalidEpoch: 10
        case .invalidSignedWeight: 11
        case .insufficientSignedStake: 12
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .operatorAlreadyRegistered(let op): "operator \(op) is already registered"
        case .operatorNotRegistered(let op): "operator \(op) is not registered"
        case .signingKeyAlreadySet(let key, let owner):
            "signing key \(key) already belongs to operator \(owner)"
        case .invalidQuorum(let why): why
        case .notSorted(let why): why
        case .mustUpdateAllOperators(let expected, let got):
            "operators list has \(got) entries, \(expected) are registered"
        case .lengthMismatch(let ops, let sigs): "\(ops) operators but \(sigs) signatures"
        case .invalidLength: "no operators or signatures"
        case .invalidSignature(let why): why
        case .invalidEpoch(let why): why
        case .invalidSignedWeight(let signed, let total):
            "signed weight \(signed) exceeds total weight \(total)"
        case .insufficientSignedStake(let signed, let threshold):
            "signed weight \(signed) is below the threshold \(threshold)"
        }
    }
}

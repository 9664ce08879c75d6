import Ethereum

/// EigenLayer AVSDirectory rules of `registerOperatorToAVS`, in the contract's check order.
public enum AVSDirectoryError: ContractError {
    /// `registerOperatorToAVS`: the operator is already registered to this AVS.
    case operatorAlreadyRegisteredToAVS(Address)
    /// A salt is used once per operator (and a cancelled one never).
    case saltSpent(operator: Address, salt: Word)
    /// Only an EigenLayer operator (one with DelegationManager shares) may register.
    case operatorNotRegisteredToEigenLayer(Address)
    /// The signature's expiry must not be before the block timestamp.
    case signatureExpired(expiry: UInt256, timestamp: UInt64)
    /// The registration signature must recover to the operator.
    case registrationSignatureInvalid(String)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .operatorAlreadyRegisteredToAVS: "OperatorAlreadyRegisteredToAVS"
        case .saltSpent: "SaltSpent"
        case .operatorNotRegisteredToEigenLayer: "OperatorNotRegisteredToEigenLayer"
        case .signatureExpired: "SignatureExpired"
        case .registrationSignatureInvalid: "InvalidSignature"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .operatorAlreadyRegisteredToAVS: 1
        case .saltSpent: 2
        case .operatorNotRegisteredToEigenLayer: 3
        case .signatureExpired: 4
        case .registrationSignatureInvalid: 5
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .operatorAlreadyRegisteredToAVS(let op):
            "operator \(op) is already registered to the AVS"
        case .saltSpent(let op, let salt): "salt \(salt) of operator \(op) was already used"
        case .operatorNotRegisteredToEigenLayer(let op):
            "\(op) is not an EigenLayer operator (no DelegationManager record)"
        case .signatureExpired(let expiry, let timestamp):
            "signature expiry \(expiry) is before block timestamp \(timestamp)"
        case .registrationSignatureInvalid(let why): "AVS registration signature: \(why)"
        }
    }
}

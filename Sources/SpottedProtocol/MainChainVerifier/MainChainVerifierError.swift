import Ethereum

/// MainChainVerifier rules on the main chain.
public enum MainChainVerifierError: ContractError {
    /// Only the main-chain Abridge delivers verification results.
    case onlyAbridge(Address)
    /// A result must come from the remote verifier set for its chain.
    case unauthorizedRemoteVerifier(Address)
    /// A message guid is processed once.
    case messageAlreadyProcessed(guid: Word)
    /// A delivered message must be addressed to the MainChainVerifier.
    case invalidSender(String)
    /// Deployment: the main-chain Abridge must be non-zero.
    case invalidResponse(String)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .onlyAbridge: "OnlyAbridge"
        case .unauthorizedRemoteVerifier: "UnauthorizedRemoteVerifier"
        case .messageAlreadyProcessed: "MessageAlreadyProcessed"
        case .invalidSender: "InvalidSender"
        case .invalidResponse: "InvalidResponse"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .onlyAbridge: 1
        case .unauthorizedRemoteVerifier: 2
        case .messageAlreadyProcessed: 3
        case .invalidSender: 4
        case .invalidResponse: 5
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .onlyAbridge(let caller): "caller \(caller) is not the main-chain Abridge"
        case .unauthorizedRemoteVerifier(let from): "\(from) is not an authorized remote verifier"
        case .messageAlreadyProcessed(let guid): "message \(guid) was already processed"
        case .invalidSender(let why): why
        case .invalidResponse(let why): why
        }
    }
}

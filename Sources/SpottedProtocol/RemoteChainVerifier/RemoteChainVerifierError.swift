import Ethereum

/// RemoteChainVerifier rules on a destination chain.
public enum RemoteChainVerifierError: ContractError {
    /// `verifyState` needs a RemoteChainVerifier on the event's chain.
    case remoteVerifierNotDeployed(chainId: UInt64)
    /// `verifyState`: the block asked about must not be after the current block.
    case blockNumberTooHigh(requested: UInt64, current: UInt64)
    /// `deployRemoteVerifier`: the verifier address must be non-zero.
    case invalidBridgeInfo(String)
    /// Deployment: the main chain id must be non-zero.
    case invalidMainChainId
    /// Deployment: the MainChainVerifier address must be non-zero.
    case invalidResponse(String)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .remoteVerifierNotDeployed: "StateManagerNotSet"
        case .blockNumberTooHigh: "BlockNumberTooHigh"
        case .invalidBridgeInfo: "InvalidBridgeInfo"
        case .invalidMainChainId: "InvalidMainChainId"
        case .invalidResponse: "InvalidResponse"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .remoteVerifierNotDeployed: 1
        case .blockNumberTooHigh: 2
        case .invalidBridgeInfo: 3
        case .invalidMainChainId: 4
        case .invalidResponse: 5
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .remoteVerifierNotDeployed(let chain):
            "no RemoteChainVerifier is deployed on chain \(chain)"
        case .blockNumberTooHigh(let requested, let current):
            "block \(requested) is after the current block \(current)"
        case .invalidBridgeInfo(let why): why
        case .invalidMainChainId: "the main chain id must not be 0"
        case .invalidResponse(let why): why
        }
    }
}

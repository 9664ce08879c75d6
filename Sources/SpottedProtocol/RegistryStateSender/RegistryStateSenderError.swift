import Ethereum

/// RegistryStateSender rules: bridge routes per destination chain.
public enum RegistryStateSenderError: ContractError {
    /// Bridge and receiver must be non-zero, and the chain not the main chain.
    case invalidBridgeInfo(String)
    /// `addBridge`: one bridge per chain.
    case bridgeAlreadyExists(chainId: UInt64)
    /// Modifying, removing or sending needs a bridge for the chain.
    case chainNotSupported(chainId: UInt64)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .invalidBridgeInfo: "InvalidBridgeInfo"
        case .bridgeAlreadyExists: "BridgeAlreadyExists"
        case .chainNotSupported: "ChainNotSupported"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .invalidBridgeInfo: 1
        case .bridgeAlreadyExists: 2
        case .chainNotSupported: 3
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .invalidBridgeInfo(let why): why
        case .bridgeAlreadyExists(let chain): "a bridge for chain \(chain) already exists"
        case .chainNotSupported(let chain): "no bridge is configured for chain \(chain)"
        }
    }
}

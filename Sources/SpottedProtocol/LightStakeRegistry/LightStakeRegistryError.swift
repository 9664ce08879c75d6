import Ethereum

/// RegistryStateReceiver and LightStakeRegistry rules on a destination chain.
public enum LightStakeRegistryError: ContractError {
    /// The destination chain has no light registry yet (`initializeReplica` first).
    case replicaNotInitialized(chainId: UInt64)
    /// `initializeReplica`: one light registry per chain.
    case replicaAlreadyInitialized(chainId: UInt64)
    /// RegistryStateReceiver: the sender must be the Abridge and the message addressed to this
    /// receiver.
    case invalidSender(String)
    /// RegistryStateReceiver: a message guid is processed once.
    case messageAlreadyProcessed(guid: Word)
    /// LightStakeRegistry: a batch update that does not decode or apply refuses the whole batch.
    case batchUpdateFailed(String)
    /// `initializeReplica`: the Abridge and receiver addresses must be non-zero.
    case invalidBridgeInfo(String)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .replicaNotInitialized: "ReplicaNotInitialized"
        case .replicaAlreadyInitialized: "ReplicaAlreadyInitialized"
        case .invalidSender: "InvalidSender"
        case .messageAlreadyProcessed: "MessageAlreadyProcessed"
        case .batchUpdateFailed: "BatchUpdateFailed"
        case .invalidBridgeInfo: "InvalidBridgeInfo"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .replicaNotInitialized: 1
        case .replicaAlreadyInitialized: 2
        case .invalidSender: 3
        case .messageAlreadyProcessed: 4
        case .batchUpdateFailed: 5
        case .invalidBridgeInfo: 6
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .replicaNotInitialized(let chain): "chain \(chain) has no light registry"
        case .replicaAlreadyInitialized(let chain): "chain \(chain) already has a light registry"
        case .invalidSender(let why): why
        case .messageAlreadyProcessed(let guid): "message \(guid) was already processed"
        case .batchUpdateFailed(let why): why
        case .invalidBridgeInfo(let why): why
        }
    }
}

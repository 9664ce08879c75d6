import Ethereum

/// EpochManager rules: the epoch clock, epoch transitions and one send per (epoch, chain).
public enum EpochManagerError: ContractError {
    case blockBeforeGenesis(block: UInt64, genesis: UInt64)
    case epochTransitionMissing(expected: UInt32, block: UInt64)
    case invalidEpochTransition(String)
    case stateUpdatesAlreadySent(epoch: UInt32, chainId: UInt64)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .blockBeforeGenesis: "BlockBeforeGenesis"
        case .epochTransitionMissing: "EpochTransitionMissing"
        case .invalidEpochTransition: "InvalidEpochTransition"
        case .stateUpdatesAlreadySent: "StateUpdatesAlreadySent"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .blockBeforeGenesis: 1
        case .epochTransitionMissing: 2
        case .invalidEpochTransition: 3
        case .stateUpdatesAlreadySent: 4
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .blockBeforeGenesis(let block, let genesis): "block \(block) is before the genesis block \(genesis)"
        case .epochTransitionMissing(let expected, let block): "block \(block) is in epoch \(expected), whose transition event is missing"
        case .invalidEpochTransition(let why): why
        case .stateUpdatesAlreadySent(let epoch, let chain): "batch \(epoch) was already sent to chain \(chain) (D8)"
        }
    }
}

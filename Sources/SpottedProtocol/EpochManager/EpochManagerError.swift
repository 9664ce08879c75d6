import Ethereum

/// EpochManager rules: the epoch clock, epoch transitions and one send per (epoch, chain).
public enum EpochManagerError: ContractError {
    /// A main-chain block before the genesis block has no epoch.
    case blockBeforeGenesis(block: UInt64, genesis: UInt64)
    /// An event in a new epoch needs that epoch's `epochTransition` first.
    case epochTransitionMissing(expected: UInt32, block: UInt64)
    /// `epochTransition` must go to the next epoch, at a block inside it.
    case invalidEpochTransition(String)
    /// `sendStateUpdates`: one batch per epoch and chain.
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
        case .blockBeforeGenesis(let block, let genesis):
            "block \(block) is before the genesis block \(genesis)"
        case .epochTransitionMissing(let expected, let block):
            "block \(block) is in epoch \(expected), whose transition event is missing"
        case .invalidEpochTransition(let why): why
        case .stateUpdatesAlreadySent(let epoch, let chain):
            "batch \(epoch) was already sent to chain \(chain) (D8)"
        }
    }
}

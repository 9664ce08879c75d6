import Ethereum

/// What every contract's error enum gives: the contract's custom error name, a stable rule number
/// within the contract, and a sentence naming the field and the values.
public protocol ContractError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The contract's custom error name (`OperatorAlreadyRegistered`).
    var name: String { get }
    /// The rule's number within its contract, in the contract's check order (never reused).
    var rule: UInt16 { get }
    /// What was refused, naming the field and the values.
    var detail: String { get }
}

extension ContractError {
    /// `Name: detail`.
    public var description: String { "\(name): \(detail)" }
}

/// A protocol rule that refused an action: the contract whose rule it is, and that contract's error.
public enum ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A rule of the ledger itself (genesis, chains, block order, bounds, arithmetic, `Ownable`).
    case ledger(LedgerError)
    /// An EpochManager rule.
    case epochManager(EpochManagerError)
    /// An AVSDirectory rule.
    case avsDirectory(AVSDirectoryError)
    /// An ECDSAStakeRegistry rule.
    case stakeRegistry(StakeRegistryError)
    /// A RegistryStateSender rule.
    case registryStateSender(RegistryStateSenderError)
    /// An Abridge rule.
    case abridge(AbridgeError)
    /// A RegistryStateReceiver / LightStakeRegistry rule.
    case lightStakeRegistry(LightStakeRegistryError)
    /// A StateManager rule.
    case stateManager(StateManagerError)
    /// A rule of the task and response layer.
    case tasks(TasksError)
    /// A RemoteChainVerifier rule.
    case remoteChainVerifier(RemoteChainVerifierError)
    /// A MainChainVerifier rule.
    case mainChainVerifier(MainChainVerifierError)
    /// A StateDisputeResolver rule.
    case stateDisputeResolver(StateDisputeResolverError)
    /// A RewardsCoordinator rule.
    case rewardsCoordinator(RewardsCoordinatorError)

    /// The contract whose rule refused.
    public var contract: Contract {
        switch self {
        case .ledger: .ledger
        case .epochManager: .epochManager
        case .avsDirectory: .avsDirectory
        case .stakeRegistry: .stakeRegistry
        case .registryStateSender: .registryStateSender
        case .abridge: .abridge
        case .lightStakeRegistry: .lightStakeRegistry
        case .stateManager: .stateManager
        case .tasks: .tasks
        case .remoteChainVerifier: .remoteChainVerifier
        case .mainChainVerifier: .mainChainVerifier
        case .stateDisputeResolver: .stateDisputeResolver
        case .rewardsCoordinator: .rewardsCoordinator
        }
    }

    /// The contract's error, as its own type.
    public var error: any ContractError {
        switch self {
        case .ledger(let e): e
        case .epochManager(let e): e
        case .avsDirectory(let e): e
        case .stakeRegistry(let e): e
        case .registryStateSender(let e): e
        case .abridge(let e): e
        case .lightStakeRegistry(let e): e
        case .stateManager(let e): e
        case .tasks(let e): e
        case .remoteChainVerifier(let e): e
        case .mainChainVerifier(let e): e
        case .stateDisputeResolver(let e): e
        case .rewardsCoordinator(let e): e
        }
    }

    /// The contract's error name for this rule.
    public var name: String { error.name }

    /// A stable number for the rule: contract × 100 + rule within the contract.
    public var code: UInt16 { UInt16(contract.rawValue) * 100 + error.rule }

    /// `Name: detail`.
    public var description: String { error.description }
}

/// A refused action: the rule, and the log sequence number the action would have had.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule that refused.
    public let error: ProtocolError
    /// The sequence number the action would have had.
    public let sequence: UInt64

    /// A refusal of the action at `sequence`.
    public init(_ error: ProtocolError, sequence: UInt64) {
        self.error = error
        self.sequence = sequence
    }

    /// `refused at sequence N: Name: detail`.
    public var description: String { "refused at sequence \(sequence): \(error)" }
}

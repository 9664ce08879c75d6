/// The contracts of the original Spotted system (and the EigenLayer ones it calls), each with its
/// folder under `Sources/SpottedProtocol`. The raw value numbers error codes (``ProtocolError/code``)
/// and never changes.
public enum Contract: UInt8, CaseIterable, Sendable {
    /// Rules of the ledger itself: genesis, chains, block order, bounds, `Ownable`.
    case ledger = 0
    /// EpochManager: the epoch clock, the update queue, `sendStateUpdates`.
    case epochManager = 1
    /// EigenLayer DelegationManager: operator shares.
    case delegationManager = 2
    /// EigenLayer AVSDirectory: operator registration to the AVS.
    case avsDirectory = 3
    /// ECDSAStakeRegistry on the main chain.
    case stakeRegistry = 4
    /// RegistryStateSender: bridge routes per destination chain.
    case registryStateSender = 5
    /// Abridge: the cross-chain message bridge.
    case abridge = 6
    /// RegistryStateReceiver with the LightStakeRegistry it writes, on each destination chain.
    case lightStakeRegistry = 7
    /// StateManager on every chain.
    case stateManager = 8
    /// The off-chain task and signed-response layer.
    case tasks = 9
    /// RemoteChainVerifier on destination chains.
    case remoteChainVerifier = 10
    /// MainChainVerifier on the main chain.
    case mainChainVerifier = 11
    /// StateDisputeResolver: challenges, resolution, bonds.
    case stateDisputeResolver = 12
    /// EigenLayer AllocationManager: magnitudes and slashing.
    case allocationManager = 13
    /// EigenLayer RewardsCoordinator: rewards submissions.
    case rewardsCoordinator = 14

    /// The contract's name in the original system.
    public var name: String {
        switch self {
        case .ledger: "Ledger"
        case .epochManager: "EpochManager"
        case .delegationManager: "DelegationManager"
        case .avsDirectory: "AVSDirectory"
        case .stakeRegistry: "ECDSAStakeRegistry"
        case .registryStateSender: "RegistryStateSender"
        case .abridge: "Abridge"
        case .lightStakeRegistry: "LightStakeRegistry"
        case .stateManager: "StateManager"
        case .tasks: "Tasks"
        case .remoteChainVerifier: "RemoteChainVerifier"
        case .mainChainVerifier: "MainChainVerifier"
        case .stateDisputeResolver: "StateDisputeResolver"
        case .allocationManager: "AllocationManager"
        case .rewardsCoordinator: "RewardsCoordinator"
        }
    }
}

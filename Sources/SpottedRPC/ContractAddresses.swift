import Ethereum
import SpottedProtocol

/// Where each contract answers on a ledger's chains: the genesis's addresses where the genesis
/// names one, otherwise an address derived from a fixed name (`keccak256("spotted/<Contract>")`'s
/// low 20 bytes, the scheme the genesis defaults use), the same on every chain (docs/jsonrpc.md).
public struct ContractAddresses: Sendable, Hashable {
    /// The main chain's ECDSAStakeRegistry.
    public let stakeRegistry: Address
    /// The main chain's EpochManager.
    public let epochManager: Address
    /// The StateManager (every chain).
    public let stateManager: Address
    /// The LightStakeRegistry (every replica chain).
    public let lightStakeRegistry: Address
    /// The StateDisputeResolver (genesis `resolver`).
    public let stateDisputeResolver: Address
    /// The RegistryStateSender (genesis `registryStateSender`).
    public let registryStateSender: Address
    /// The MainChainVerifier (genesis `mainChainVerifier`).
    public let mainChainVerifier: Address
    /// The RemoteChainVerifier deployed on each replica chain (from the state's deployments).
    public let remoteChainVerifiers: [UInt64: Address]

    /// The address derived from a contract name: low 20 bytes of keccak256("spotted/<name>").
    public static func derived(_ name: String) -> Address {
        Address(lowBytesOf: Keccak256.hash("spotted/" + name))
    }

    /// The addresses of the contracts of a ledger with this genesis and these RemoteChainVerifier
    /// deployments.
    public init(genesis: LedgerGenesis, remoteChainVerifiers: [UInt64: Address] = [:]) {
        self.remoteChainVerifiers = remoteChainVerifiers
        stakeRegistry = Self.derived("ECDSAStakeRegistry")
        epochManager = Self.derived("EpochManager")
        stateManager = Self.derived("StateManager")
        lightStakeRegistry = Self.derived("LightStakeRegistry")
        stateDisputeResolver = genesis.resolver
        registryStateSender = genesis.registryStateSender
        mainChainVerifier = genesis.mainChainVerifier
    }

    /// Which contract answers at `address` on chain `chainId` (the main chain when `isMain`).
    public func contract(at address: Address, chainId: UInt64, isMain: Bool) -> RPCContract? {
        if !isMain, let verifier = remoteChainVerifiers[chainId], verifier == address {
            return .remoteChainVerifier
        }
        return switch address {
        case stateManager: .stateManager
        case stakeRegistry where isMain: .stakeRegistry
        case epochManager where isMain: .epochManager
        case stateDisputeResolver where isMain: .stateDisputeResolver
        case registryStateSender where isMain: .registryStateSender
        case mainChainVerifier where isMain: .mainChainVerifier
        case lightStakeRegistry where !isMain: .lightStakeRegistry
        default: nil
        }
    }

    /// The address of `contract` on chain `chainId` (nil: a RemoteChainVerifier not deployed there).
    public func address(of contract: RPCContract, chainId: UInt64) -> Address? {
        switch contract {
        case .remoteChainVerifier: remoteChainVerifiers[chainId]
        case .stakeRegistry: stakeRegistry
        case .epochManager: epochManager
        case .stateManager: stateManager
        case .lightStakeRegistry: lightStakeRegistry
        case .stateDisputeResolver: stateDisputeResolver
        case .registryStateSender: registryStateSender
        case .mainChainVerifier: mainChainVerifier
        }
    }
}

/// The contracts the JSON-RPC endpoint answers for, each with its ABI file.
public enum RPCContract: String, CaseIterable, Sendable {
    /// ECDSAStakeRegistry (main chain).
    case stakeRegistry = "ecdsa_stake_registry"
    /// EpochManager (main chain).
    case epochManager = "epoch_manager"
    /// StateManager (every chain).
    case stateManager = "state_manager"
    /// LightStakeRegistry (replica chains).
    case lightStakeRegistry = "light_stake_registry"
    /// StateDisputeResolver (main chain).
    case stateDisputeResolver = "state_dispute_resolver"
    /// RegistryStateSender (main chain).
    case registryStateSender = "registry_state_sender"
    /// MainChainVerifier (main chain).
    case mainChainVerifier = "main_chain_verifier"
    /// RemoteChainVerifier (replica chains, where deployed).
    case remoteChainVerifier = "remote_chain_verifier"

    /// The contract's name in the original system (the prefix of its `Name__Error` errors).
    public var contractName: String {
        switch self {
        case .stakeRegistry: "ECDSAStakeRegistry"
        case .epochManager: "EpochManager"
        case .stateManager: "StateManager"
        case .lightStakeRegistry: "LightStakeRegistry"
        case .stateDisputeResolver: "StateDisputeResolver"
        case .registryStateSender: "RegistryStateSender"
        case .mainChainVerifier: "MainChainVerifier"
        case .remoteChainVerifier: "RemoteChainVerifier"
        }
    }
}

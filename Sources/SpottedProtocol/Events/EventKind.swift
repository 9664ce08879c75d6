import Ethereum

/// Which chains an event kind may happen on.
public enum ChainScope: String, Hashable, Sendable {
    /// Only the main chain.
    case main
    /// Only destination (replica) chains.
    case destination
    /// Any chain.
    case any
}

/// One ABI field of an event's payload.
public struct EventField: Hashable, Sendable {
    /// The field's name in docs and JSON.
    public var name: String
    /// Its ABI type.
    public var type: ABIType
}

/// What the table says about one event kind.
public struct EventDescriptor: Sendable {
    /// The kind's name in the log, CLI and JSON (`register-operator`).
    public var name: String
    /// The contract whose rules decide it.
    public var contract: Contract
    /// The chains it may happen on.
    public var chains: ChainScope
    /// Who sends it (`msg.sender`), in words.
    public var sender: String
    /// Its payload, ABI-encoded as one tuple of these fields.
    public var fields: [EventField]
    /// The contract errors that may refuse it, besides the common rules.
    public var refusals: [String]
}

/// Every event kind, with its stored code: the single source of codes, names, schema versions,
/// chains, payload layouts and owning contracts. Codes are explicit and never change; a new field
/// means a new schema version (TigerBeetle's `Operation = enum(u8)`).
public enum EventKind: UInt16, CaseIterable, Sendable {
    /// Codes 0–4: genesis, epoch transition, DelegationManager shares, operator registration and
    /// deregistration.
    case genesis = 0, epochTransition = 1, setOperatorShares = 2, registerOperator = 3, deregisterOperator = 4
    /// Codes 5–8: operator key updates and weight recomputations (ECDSAStakeRegistry).
    case updateOperatorSigningKey = 5, updateOperatorP2pKey = 6, updateOperators = 7, updateOperatorsForQuorum = 8
    /// Codes 9–12: owner registry settings (quorum, minimum weight, threshold) and AVSDirectory
    /// `cancelSalt`.
    case updateQuorumConfig = 9, updateMinimumWeight = 10, updateStakeThreshold = 11, cancelSalt = 12
    /// Codes 13–17: RegistryStateSender bridges, EpochManager `sendStateUpdates`, replica
    /// deployment.
    case addBridge = 13, modifyBridge = 14, removeBridge = 15, sendStateUpdates = 16, initializeReplica = 17
    /// Codes 18–22: Abridge delivery, StateManager writes, task creation and responses.
    case deliverMessage = 18, setValue = 19, batchSetValues = 20, createTask = 21, respondToTask = 22
    /// Codes 23–26: verifier deployment and wiring, `verifyState`, the resolver's operator set.
    case deployRemoteVerifier = 23, setRemoteVerifier = 24, verifyState = 25, setOperatorSetId = 26
    /// Codes 27–31: StateDisputeResolver settings, challenges, resolution and bond withdrawal.
    case setSlashableStrategies = 27, setSlashAmount = 28, submitChallenge = 29, resolveChallenge = 30, claim = 31
    /// Code 32: RewardsCoordinator `createAVSRewardsSubmission`.
    case submitRewards = 32

    /// The payload schema version every kind is written with today.
    public static let schemaVersion: UInt16 = 1

    /// The kind stored under `code`, if any.
    public init?(code: UInt16) { self.init(rawValue: code) }

    /// The kind named `name`, if any.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// The stored code.
    public var code: UInt16 { rawValue }
    /// The kind's name.
    public var name: String { descriptor.name }
    /// The contract whose rules decide it.
    public var contract: Contract { descriptor.contract }
    /// The chains it may happen on.
    public var chains: ChainScope { Self.chainScopes[Int(rawValue)] }
    /// The ABI types of its payload tuple.
    public var abiTypes: [ABIType] { descriptor.fields.map(\.type) }
}

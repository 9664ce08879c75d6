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
    case genesis = 0
    /// `epoch-transition`: anyone moves the EpochManager into the next epoch.
    case epochTransition = 1
    /// `set-operator-shares`: the DelegationManager feed sets an operator's strategy shares.
    case setOperatorShares = 2
    /// `register-operator`: an operator registers with its AVS signature and keys.
    case registerOperator = 3
    /// `deregister-operator`: an operator leaves the stake registry.
    case deregisterOperator = 4
    /// Codes 5–8: operator key updates and weight recomputations (ECDSAStakeRegistry).
    case updateOperatorSigningKey = 5
    /// `update-operator-p2p-key`: an operator sets a new p2p key.
    case updateOperatorP2pKey = 6
    /// `update-operators`: anyone recomputes the weights of the listed operators.
    case updateOperators = 7
    /// `update-operators-for-quorum`: anyone recomputes every operator's weight in the quorum.
    case updateOperatorsForQuorum = 8
    /// Codes 9–12: owner registry settings (quorum, minimum weight, threshold) and AVSDirectory
    /// `cancelSalt`.
    case updateQuorumConfig = 9
    /// `update-minimum-weight`: the owner sets the minimum operator weight.
    case updateMinimumWeight = 10
    /// `update-stake-threshold`: the owner sets the threshold weight signatures must reach.
    case updateStakeThreshold = 11
    /// `cancel-salt`: an operator spends a registration salt in the AVSDirectory.
    case cancelSalt = 12
    /// Codes 13–17: RegistryStateSender bridges, EpochManager `sendStateUpdates`, replica
    /// deployment.
    case addBridge = 13
    /// `modify-bridge`: the owner changes the bridge and receiver for a chain.
    case modifyBridge = 14
    /// `remove-bridge`: the owner removes a chain's bridge route.
    case removeBridge = 15
    /// `send-state-updates`: anyone pays (in wei) to send the epoch's registry batch to a chain.
    case sendStateUpdates = 16
    /// `initialize-replica`: the owner wires a destination chain's light stake registry.
    case initializeReplica = 17
    /// Codes 18–22: Abridge delivery, StateManager writes, task creation and responses.
    case deliverMessage = 18
    /// `set-value`: a user writes one key's value in the StateManager.
    case setValue = 19
    /// `batch-set-values`: a user writes several key–value pairs in the StateManager.
    case batchSetValues = 20
    /// `create-task`: the task generator asks operators to attest one state slot.
    case createTask = 21
    /// `respond-to-task`: an operator answers a task with a value and its signature.
    case respondToTask = 22
    /// Codes 23–26: verifier deployment and wiring, `verifyState`, the resolver's operator set.
    case deployRemoteVerifier = 23
    /// `set-remote-verifier`: the owner sets the main-chain verifier's peer for a chain.
    case setRemoteVerifier = 24
    /// `verify-state`: anyone pays (in wei) for a remote chain to verify a stored value.
    case verifyState = 25
    /// `set-operator-set-id`: the owner sets the dispute resolver's operator set.
    case setOperatorSetId = 26
    /// Codes 27–31: StateDisputeResolver settings, challenges, resolution and bond withdrawal.
    case setSlashableStrategies = 27
    /// `set-slash-amount`: the owner sets the share of stake slashed, as a WAD.
    case setSlashAmount = 28
    /// `submit-challenge`: a challenger disputes a signed claim, posting a bond in wei.
    case submitChallenge = 29
    /// `resolve-challenge`: anyone resolves a challenge against the verified value.
    case resolveChallenge = 30
    /// `claim`: a claimant withdraws the funds the resolver owes them.
    case claim = 31
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
    /// The chains it may happen on (read for every event: a switch, no table lookup).
    public var chains: ChainScope {
        switch self {
        case .genesis, .epochTransition, .setOperatorShares, .registerOperator, .deregisterOperator,
            .updateOperatorSigningKey, .updateOperatorP2pKey, .updateOperators,
            .updateOperatorsForQuorum, .updateQuorumConfig, .updateMinimumWeight,
            .updateStakeThreshold, .cancelSalt, .addBridge, .modifyBridge, .removeBridge,
            .sendStateUpdates, .createTask, .respondToTask, .setRemoteVerifier, .setOperatorSetId,
            .setSlashableStrategies, .setSlashAmount, .submitChallenge, .resolveChallenge, .claim,
            .submitRewards:
            .main
        case .initializeReplica, .deployRemoteVerifier, .verifyState: .destination
        case .deliverMessage, .setValue, .batchSetValues: .any
        }
    }
    /// The ABI types of its payload tuple.
    public var abiTypes: [ABIType] { descriptor.fields.map(\.type) }
}

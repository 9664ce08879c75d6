import Ethereum

/// A protocol rule that refused an action. Case names follow the contracts' custom errors
/// (``name`` gives the exact error name); the associated text names the field and the values.
public enum ProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    // Ledger and clock
    case genesisMissing
    case genesisAlreadySet
    case invalidGenesis(String)
    case blockNumberDecreased(chainId: UInt64, last: UInt64, got: UInt64)
    case blockBeforeGenesis(block: UInt64, genesis: UInt64)
    case epochTransitionMissing(expected: UInt32, block: UInt64)
    case invalidEpochTransition(String)
    case wrongChain(expected: UInt64, got: UInt64)
    case tooManyItems(field: String, count: Int, limit: Int)
    case invalidPayload(String)
    case arithmeticOverflow(String)
    // Ownable
    case ownableUnauthorizedAccount(Address)
    // ECDSAStakeRegistry
    case operatorAlreadyRegistered(Address)
    case operatorNotRegistered(Address)
    case signingKeyAlreadySet(key: Address, owner: Address)
    case invalidQuorum(String)
    case notSorted(String)
    case mustUpdateAllOperators(expected: Int, got: Int)
    case lengthMismatch(operators: Int, signatures: Int)
    case invalidLength
    case invalidSignature(String)
    case invalidEpoch(String)
    case invalidSignedWeight(signed: UInt256, total: UInt256)
    case insufficientSignedStake(signed: UInt256, threshold: UInt256)
    // AVSDirectory
    case operatorAlreadyRegisteredToAVS(Address)
    case saltSpent(operator: Address, salt: Word)
    case operatorNotRegisteredToEigenLayer(Address)
    case signatureExpired(expiry: UInt256, timestamp: UInt64)
    case registrationSignatureInvalid(String)
    // RegistryStateSender, EpochManager, Abridge
    case invalidBridgeInfo(String)
    case bridgeAlreadyExists(chainId: UInt64)
    case chainNotSupported(chainId: UInt64)
    case insufficientFee(sent: UInt256, required: UInt256)
    case stateUpdatesAlreadySent(epoch: UInt32, chainId: UInt64)
    case messageNeverSent(guid: Word)
    case messageMismatch(guid: Word, field: String)
    // RegistryStateReceiver and LightStakeRegistry
    case replicaNotInitialized(chainId: UInt64)
    case replicaAlreadyInitialized(chainId: UInt64)
    case invalidSender(String)
    case messageAlreadyProcessed(guid: Word)
    case batchUpdateFailed(String)
    // StateManager
    case batchTooLarge(count: Int)
    case noHistoryFound
    case blockNotFound(block: UInt64)
    case invalidBlockRange(from: UInt64, to: UInt64)
    case indexOutOfBounds(index: Int, count: Int)
    // Tasks
    case taskAlreadyExists(Word)
    case taskNotFound(Word)
    case alreadyResponded(taskId: Word, operator: Address)
    /// A response after the task's window (creation block + challenge window) closed.
    case taskExpired(Word, expiredAtBlock: UInt64)
    // Verifiers
    case remoteVerifierNotDeployed(chainId: UInt64)
    case blockNumberTooHigh(requested: UInt64, current: UInt64)
    case onlyAbridge(Address)
    case unauthorizedRemoteVerifier(Address)
    // StateDisputeResolver
    case insufficientBond(sent: UInt256, required: UInt256)
    case noSignatures
    case tooManySignatures(count: Int)
    case emptyStrategiesArray
    case invalidSlashAmount(UInt256)
    case challengeAlreadyExists(Word)
    case duplicateOperator(Address)
    case challengeNotFound(Word)
    case challengeAlreadyResolved(Word)
    case stateNotVerified(Word)
    case noFundsToClaim(Address)
    // RewardsCoordinator
    case invalidRewardsSubmission(String)
    case rewardsAlreadySubmitted(epoch: UInt32)
    case noEligibleOperators(epoch: UInt32)

    /// The contract's error name for this rule.
    public var name: String {
        switch self {
        case .genesisMissing: "GenesisMissing"
        case .genesisAlreadySet: "GenesisAlreadySet"
        case .invalidGenesis: "InvalidGenesis"
        case .blockNumberDecreased: "BlockNumberDecreased"
        case .blockBeforeGenesis: "BlockBeforeGenesis"
        case .epochTransitionMissing: "EpochTransitionMissing"
        case .invalidEpochTransition: "InvalidEpochTransition"
        case .wrongChain: "WrongChain"
        case .tooManyItems: "TooManyItems"
        case .invalidPayload: "InvalidPayload"
        case .arithmeticOverflow: "ArithmeticOverflow"
        case .ownableUnauthorizedAccount: "OwnableUnauthorizedAccount"
        case .operatorAlreadyRegistered: "OperatorAlreadyRegistered"
        case .operatorNotRegistered: "OperatorNotRegistered"
        case .signingKeyAlreadySet: "SigningKeyAlreadySet"
        case .invalidQuorum: "InvalidQuorum"
        case .notSorted: "NotSorted"
        case .mustUpdateAllOperators: "MustUpdateAllOperators"
        case .lengthMismatch: "LengthMismatch"
        case .invalidLength: "InvalidLength"
        case .invalidSignature: "InvalidSignature"
        case .invalidEpoch: "InvalidEpoch"
        case .invalidSignedWeight: "InvalidSignedWeight"
        case .insufficientSignedStake: "InsufficientSignedStake"
        case .operatorAlreadyRegisteredToAVS: "OperatorAlreadyRegisteredToAVS"
        case .saltSpent: "SaltSpent"
        case .operatorNotRegisteredToEigenLayer: "OperatorNotRegisteredToEigenLayer"
        case .signatureExpired: "SignatureExpired"
        case .registrationSignatureInvalid: "InvalidSignature"
        case .invalidBridgeInfo: "InvalidBridgeInfo"
        case .bridgeAlreadyExists: "BridgeAlreadyExists"
        case .chainNotSupported: "ChainNotSupported"
        case .insufficientFee: "InsufficientFee"
        case .stateUpdatesAlreadySent: "StateUpdatesAlreadySent"
        case .messageNeverSent: "MessageNeverSent"
        case .messageMismatch: "MessageMismatch"
        case .replicaNotInitialized: "ReplicaNotInitialized"
        case .replicaAlreadyInitialized: "ReplicaAlreadyInitialized"
        case .invalidSender: "InvalidSender"
        case .messageAlreadyProcessed: "MessageAlreadyProcessed"
        case .batchUpdateFailed: "BatchUpdateFailed"
        case .batchTooLarge: "BatchTooLarge"
        case .noHistoryFound: "NoHistoryFound"
        case .blockNotFound: "BlockNotFound"
        case .invalidBlockRange: "InvalidBlockRange"
        case .indexOutOfBounds: "IndexOutOfBounds"
        case .taskAlreadyExists: "TaskAlreadyExists"
        case .taskNotFound: "TaskNotFound"
        case .alreadyResponded: "AlreadyResponded"
        case .taskExpired: "TaskExpired"
        case .remoteVerifierNotDeployed: "StateManagerNotSet"
        case .blockNumberTooHigh: "BlockNumberTooHigh"
        case .onlyAbridge: "OnlyAbridge"
        case .unauthorizedRemoteVerifier: "UnauthorizedRemoteVerifier"
        case .insufficientBond: "InsufficientBond"
        case .noSignatures: "NoSignatures"
        case .tooManySignatures: "TooManySignatures"
        case .emptyStrategiesArray: "EmptyStrategiesArray"
        case .invalidSlashAmount: "InvalidSlashAmount"
        case .challengeAlreadyExists: "ChallengeAlreadyExists"
        case .duplicateOperator: "DuplicateOperator"
        case .challengeNotFound: "NoChallengers"
        case .challengeAlreadyResolved: "ChallengeAlreadyResolved"
        case .stateNotVerified: "StateNotVerified"
        case .noFundsToClaim: "NoFundsToClaim"
        case .invalidRewardsSubmission: "InvalidRewardsSubmission"
        case .rewardsAlreadySubmitted: "RewardsAlreadySubmitted"
        case .noEligibleOperators: "NoEligibleOperators"
        }
    }

    public var description: String {
        let detail: String = switch self {
        case .genesisMissing: "the ledger has no genesis event yet"
        case .genesisAlreadySet: "the ledger already has a genesis event"
        case .invalidGenesis(let why): why
        case .blockNumberDecreased(let chain, let last, let got): "block number on chain \(chain) went back from \(last) to \(got)"
        case .blockBeforeGenesis(let block, let genesis): "block \(block) is before the genesis block \(genesis)"
        case .epochTransitionMissing(let expected, let block): "block \(block) is in epoch \(expected), whose transition event is missing"
        case .invalidEpochTransition(let why): why
        case .wrongChain(let expected, let got): "event for chain \(got) where chain \(expected) was expected"
        case .tooManyItems(let field, let count, let limit): "\(field) has \(count) items, limit \(limit)"
        case .invalidPayload(let why): why
        case .arithmeticOverflow(let what): "uint256 overflow in \(what)"
        case .ownableUnauthorizedAccount(let caller): "caller \(caller) is not the owner"
        case .operatorAlreadyRegistered(let op): "operator \(op) is already registered"
        case .operatorNotRegistered(let op): "operator \(op) is not registered"
        case .signingKeyAlreadySet(let key, let owner): "signing key \(key) already belongs to operator \(owner)"
        case .invalidQuorum(let why), .notSorted(let why), .invalidSignature(let why), .invalidEpoch(let why): why
        case .mustUpdateAllOperators(let expected, let got): "operators list has \(got) entries, \(expected) are registered"
        case .lengthMismatch(let ops, let sigs): "\(ops) operators but \(sigs) signatures"
        case .invalidLength: "no operators or signatures"
        case .invalidSignedWeight(let signed, let total): "signed weight \(signed) exceeds total weight \(total)"
        case .insufficientSignedStake(let signed, let threshold): "signed weight \(signed) is below the threshold \(threshold)"
        case .operatorAlreadyRegisteredToAVS(let op): "operator \(op) is already registered to the AVS"
        case .saltSpent(let op, let salt): "salt \(salt) of operator \(op) was already used"
        case .operatorNotRegisteredToEigenLayer(let op): "\(op) is not an EigenLayer operator (no DelegationManager record)"
        case .signatureExpired(let expiry, let timestamp): "signature expiry \(expiry) is before block timestamp \(timestamp)"
        case .registrationSignatureInvalid(let why): "AVS registration signature: \(why)"
        case .invalidBridgeInfo(let why): why
        case .bridgeAlreadyExists(let chain): "a bridge for chain \(chain) already exists"
        case .chainNotSupported(let chain): "no bridge is configured for chain \(chain)"
        case .insufficientFee(let sent, let required): "value \(sent) is below the bridge fee \(required)"
        case .stateUpdatesAlreadySent(let epoch, let chain): "batch \(epoch) was already sent to chain \(chain) (D8)"
        case .messageNeverSent(let guid): "no message with guid \(guid) was ever sent"
        case .messageMismatch(let guid, let field): "delivery of \(guid) differs from the sent message in \(field)"
        case .replicaNotInitialized(let chain): "chain \(chain) has no light registry"
        case .replicaAlreadyInitialized(let chain): "chain \(chain) already has a light registry"
        case .invalidSender(let why): why
        case .messageAlreadyProcessed(let guid): "message \(guid) was already processed"
        case .batchUpdateFailed(let why): why
        case .batchTooLarge(let n): "\(n) values exceed the batch limit of \(ProtocolLimits.maxBatchSetValues)"
        case .noHistoryFound: "no history for this user and key in the range"
        case .blockNotFound(let b): "no value at or before block \(b)"
        case .invalidBlockRange(let from, let to): "block range \(from)…\(to) is empty (from must be < to)"
        case .indexOutOfBounds(let i, let n): "index \(i) of a history of \(n) entries"
        case .taskAlreadyExists(let id): "task \(id) already exists"
        case .taskNotFound(let id): "no task \(id)"
        case .alreadyResponded(let id, let op): "operator \(op) already responded to task \(id)"
        case .taskExpired(let id, let block): "task \(id) stopped accepting responses after block \(block)"
        case .remoteVerifierNotDeployed(let chain): "no RemoteChainVerifier is deployed on chain \(chain)"
        case .blockNumberTooHigh(let requested, let current): "block \(requested) is after the current block \(current)"
        case .onlyAbridge(let caller): "caller \(caller) is not the main-chain Abridge"
        case .unauthorizedRemoteVerifier(let from): "\(from) is not an authorized remote verifier"
        case .insufficientBond(let sent, let required): "bond \(sent) is below \(required)"
        case .noSignatures: "a challenge needs at least one signature"
        case .tooManySignatures(let n): "\(n) signatures exceed \(ProtocolLimits.maxChallengeSignatures)"
        case .emptyStrategiesArray: "no slashable strategies are configured (D12)"
        case .invalidSlashAmount(let wad): "slash amount \(wad) must be in (0, 1e18]"
        case .challengeAlreadyExists(let id): "challenge \(id) already exists"
        case .duplicateOperator(let op): "operator \(op) signed twice"
        case .challengeNotFound(let id): "no challenge \(id)"
        case .challengeAlreadyResolved(let id): "challenge \(id) is already resolved"
        case .stateNotVerified(let id): "the state of challenge \(id) is not verified yet and its deadline has not passed"
        case .noFundsToClaim(let who): "\(who) has nothing to claim"
        case .invalidRewardsSubmission(let why): why
        case .rewardsAlreadySubmitted(let epoch): "rewards for epoch \(epoch) were already submitted"
        case .noEligibleOperators(let epoch): "no operator has weight and accepted responses in epoch \(epoch)"
        }
        return "\(name): \(detail)"
    }
}

/// A refused action: the rule, and the log sequence number the action would have had.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    public let error: ProtocolError
    public let sequence: UInt64

    public init(_ error: ProtocolError, sequence: UInt64) { self.error = error; self.sequence = sequence }

    public var description: String { "refused at sequence \(sequence): \(error)" }
}

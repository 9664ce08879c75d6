import Ethereum

/// The table itself: one row per kind.
extension EventKind {
    /// Every row, in code order, built once.
    static let rows: [EventDescriptor] = allCases.map(\.tableRow)

    /// Everything the table says about this kind.
    public var descriptor: EventDescriptor { Self.rows[Int(rawValue)] }

    private var tableRow: EventDescriptor {
        switch self {
        case .genesis, .epochTransition, .setOperatorShares, .registerOperator, .deregisterOperator,
            .updateOperatorSigningKey, .updateOperatorP2pKey, .updateOperators,
            .updateOperatorsForQuorum,
            .updateQuorumConfig, .updateMinimumWeight, .updateStakeThreshold, .cancelSalt:
            registryRow
        case .addBridge, .modifyBridge, .removeBridge, .sendStateUpdates, .initializeReplica,
            .deliverMessage:
            bridgeRow
        default:
            disputeRow
        }
    }

    private func row(
        _ name: String, _ contract: Contract, _ sender: String,
        _ fields: [(String, ABIType)], _ refusals: [String]
    ) -> EventDescriptor {
        EventDescriptor(
            name: name, contract: contract, chains: chains, sender: sender,
            fields: fields.map { EventField(name: $0.0, type: $0.1) }, refusals: refusals)
    }

    /// `(address strategy, uint96 multiplier)[]`.
    static let quorumType = ABIType.array(.tuple([.address, .uint(96)]))

    private var registryRow: EventDescriptor {
        let owner = "OwnableUnauthorizedAccount"
        let notRegistered = "OperatorNotRegistered"
        switch self {
        case .genesis:
            return row(
                "genesis", .ledger, "owner, at the genesis block", Self.genesisFields,
                ["GenesisAlreadySet", "InvalidGenesis", "InvalidQuorum", "NotSorted"])
        case .epochTransition:
            return row(
                "epoch-transition", .epochManager, "anyone", [("epoch", .uint(32))],
                ["InvalidEpochTransition"])
        case .setOperatorShares:
            return row(
                "set-operator-shares", .delegationManager, "the DelegationManager feed",
                [("operator", .address), ("shares", .array(.tuple([.address, .uint256])))],
                ["TooManyItems"])
        case .registerOperator:
            return row(
                "register-operator", .stakeRegistry, "the operator",
                [
                    ("signature", .bytes), ("salt", .bytes32), ("expiry", .uint256),
                    ("signingKey", .address),
                    ("p2pKey", .address),
                ],
                [
                    "OperatorAlreadyRegistered", "SigningKeyAlreadySet",
                    "OperatorAlreadyRegisteredToAVS", "SaltSpent",
                    "OperatorNotRegisteredToEigenLayer", "SignatureExpired", "InvalidSignature",
                    "ArithmeticOverflow",
                ])
        case .deregisterOperator:
            return row(
                "deregister-operator", .stakeRegistry, "the operator", [], [notRegistered])
        case .updateOperatorSigningKey:
            return row(
                "update-operator-signing-key", .stakeRegistry, "the operator",
                [("signingKey", .address)],
                [notRegistered, "SigningKeyAlreadySet"])
        case .updateOperatorP2pKey:
            return row(
                "update-operator-p2p-key", .stakeRegistry, "the operator",
                [("p2pKey", .address)],
                [notRegistered])
        case .updateOperators:
            return row(
                "update-operators", .stakeRegistry, "anyone",
                [("operators", .array(.address))],
                ["TooManyItems", "ArithmeticOverflow"])
        case .updateOperatorsForQuorum:
            return row(
                "update-operators-for-quorum", .stakeRegistry, "anyone",
                [("operatorsPerQuorum", .array(.array(.address)))],
                ["InvalidLength", "MustUpdateAllOperators"])
        case .updateQuorumConfig:
            return row(
                "update-quorum-config", .stakeRegistry, "owner",
                [("quorum", Self.quorumType), ("operators", .array(.address))],
                [owner, "NotSorted", "InvalidQuorum"])
        case .updateMinimumWeight:
            return row(
                "update-minimum-weight", .stakeRegistry, "owner",
                [("minimumWeight", .uint256), ("operators", .array(.address))], [owner])
        case .updateStakeThreshold:
            return row(
                "update-stake-threshold", .stakeRegistry, "owner",
                [("thresholdWeight", .uint256)], [owner])
        default:
            return row(
                "cancel-salt", .avsDirectory, "the operator", [("salt", .bytes32)], [])
        }
    }

    private var bridgeRow: EventDescriptor {
        let owner = "OwnableUnauthorizedAccount"
        let route: [(String, ABIType)] = [
            ("chainId", .uint(64)), ("bridge", .address), ("receiver", .address),
        ]
        switch self {
        case .addBridge:
            return row(
                "add-bridge", .registryStateSender, "owner", route,
                [owner, "InvalidBridgeInfo", "BridgeAlreadyExists"])
        case .modifyBridge:
            return row(
                "modify-bridge", .registryStateSender, "owner", route,
                [owner, "ChainNotSupported", "InvalidBridgeInfo"])
        case .removeBridge:
            return row(
                "remove-bridge", .registryStateSender, "owner", [("chainId", .uint(64))],
                [owner, "ChainNotSupported"])
        case .sendStateUpdates:
            return row(
                "send-state-updates", .epochManager, "anyone",
                [("chainId", .uint(64)), ("valueWei", .uint256)],
                ["ChainNotSupported", "StateUpdatesAlreadySent", "InsufficientFee"])
        case .initializeReplica:
            return row(
                "initialize-replica", .lightStakeRegistry, "owner",
                [("abridge", .address), ("receiver", .address)],
                [owner, "ReplicaAlreadyInitialized", "InvalidBridgeInfo"])
        default:
            return row(
                "deliver-message", .abridge,
                "the Abridge (to a receiver, or on the main chain to the verifier)",
                [("guid", .bytes32), ("from", .address), ("to", .address), ("payload", .bytes)],
                [
                    "ReplicaNotInitialized", "MessageNeverSent", "MessageMismatch", "InvalidSender",
                    "OnlyAbridge",
                    "UnauthorizedRemoteVerifier", "MessageAlreadyProcessed", "BatchUpdateFailed",
                    "InvalidPayload",
                ])
        }
    }

    private var disputeRow: EventDescriptor {
        let owner = "OwnableUnauthorizedAccount"
        let slot: [(String, ABIType)] = [
            ("user", .address), ("chainId", .uint(32)), ("blockNumber", .uint(64)),
            ("timestamp", .uint(48)), ("key", .uint256),
        ]
        switch self {
        case .setValue:
            return row(
                "set-value", .stateManager, "the user",
                [("key", .uint256), ("value", .uint256)], [])
        case .batchSetValues:
            return row(
                "batch-set-values", .stateManager, "the user",
                [("values", .array(.tuple([.uint256, .uint256])))], ["BatchTooLarge"])
        case .createTask:
            return row(
                "create-task", .tasks, "the task generator", slot,
                ["TaskAlreadyExists", "InvalidPayload"])
        case .respondToTask:
            return row(
                "respond-to-task", .tasks, "the operator",
                [("taskId", .bytes32), ("value", .uint256), ("signature", .bytes)],
                [
                    "TaskNotFound", "TaskExpired", "OperatorNotRegistered", "AlreadyResponded",
                    "InvalidSignature",
                ])
        case .deployRemoteVerifier:
            return row(
                "deploy-remote-verifier", .remoteChainVerifier, "owner",
                [("verifier", .address)],
                [owner, "InvalidBridgeInfo"])
        case .setRemoteVerifier:
            return row(
                "set-remote-verifier", .mainChainVerifier, "owner",
                [("chainId", .uint(64)), ("verifier", .address)], [owner])
        case .verifyState:
            return row(
                "verify-state", .remoteChainVerifier, "anyone",
                [
                    ("user", .address), ("key", .uint256), ("blockNumber", .uint(64)),
                    ("valueWei", .uint256),
                ],
                [
                    "StateManagerNotSet", "BlockNumberTooHigh", "NoHistoryFound", "BlockNotFound",
                    "InsufficientFee",
                ])
        case .setOperatorSetId:
            return row(
                "set-operator-set-id", .stateDisputeResolver, "owner",
                [("operatorSetId", .uint(32))], [owner])
        case .setSlashableStrategies:
            return row(
                "set-slashable-strategies", .stateDisputeResolver, "owner",
                [("strategies", .array(.address))], [owner, "EmptyStrategiesArray", "NotSorted"])
        case .setSlashAmount:
            return row(
                "set-slash-amount", .stateDisputeResolver, "owner",
                [("slashAmountWad", .uint256)],
                [owner, "InvalidSlashAmount"])
        case .submitChallenge:
            return row(
                "submit-challenge", .stateDisputeResolver, "the challenger",
                slot + [
                    ("value", .uint256), ("signatures", .array(.bytes)), ("bondWei", .uint256),
                ],
                [
                    "InsufficientBond", "EmptyStrategiesArray", "NoSignatures", "TooManySignatures",
                    "ChallengeAlreadyExists", "InvalidSignature", "DuplicateOperator",
                ])
        case .resolveChallenge:
            return row(
                "resolve-challenge", .stateDisputeResolver, "anyone",
                [("challengeId", .bytes32)],
                ["NoChallengers", "ChallengeAlreadyResolved", "StateNotVerified"])
        case .claim:
            return row(
                "claim", .stateDisputeResolver, "the claimant", [], ["NoFundsToClaim"])
        default:
            return row(
                "submit-rewards", .rewardsCoordinator, "owner",
                [
                    ("epoch", .uint(32)), ("token", .address), ("amountWei", .uint256),
                    ("startTimestamp", .uint(32)),
                    ("durationSeconds", .uint(32)),
                ],
                [
                    owner, "InvalidRewardsSubmission", "RewardsAlreadySubmitted",
                    "NoEligibleOperators",
                ])
        }
    }

    /// The genesis parameters, in stored order.
    static let genesisFields: [(String, ABIType)] = [
        ("mainChainId", .uint(64)), ("genesisBlock", .uint(64)), ("epochLengthBlocks", .uint(64)),
        ("gracePeriodBlocks", .uint(64)), ("avsDirectory", .address), ("serviceManager", .address),
        ("resolver", .address), ("owner", .address), ("registryStateSender", .address),
        ("bridgeFeeWei", .uint256),
        ("mainAbridge", .address), ("mainChainVerifier", .address), ("challengeBondWei", .uint256),
        ("challengeWindowBlocks", .uint(64)), ("slashAmountWad", .uint256), ("quorum", quorumType),
        ("thresholdWeight", .uint256), ("minimumWeight", .uint256),
    ]
}

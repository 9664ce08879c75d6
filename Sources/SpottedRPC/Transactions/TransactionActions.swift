import Ethereum
import SpottedProtocol

/// Maps a transaction's calldata on a contract to the ledger event it records (docs/jsonrpc.md
/// lists the selectors). Owner-only functions are checked by the reducers against the genesis
/// owner; the transaction's recovered sender is `msg.sender`.
enum TransactionActions {
    /// The event for `function(args)` sent with `valueWei`, or nil when the function is not a write
    /// the ledger records.
    static func event(
        _ function: ContractABI.Function, _ a: ViewArguments, on contract: RPCContract,
        valueWei: UInt256, currentEpoch: UInt32
    ) throws(CallFailure) -> ProtocolEvent? {
        switch contract {
        case .stakeRegistry: return try registry(function.name, a)
        case .stateManager: return try stateManager(function.name, a)
        case .stateDisputeResolver: return try resolver(function.name, a, valueWei: valueWei)
        case .epochManager:
            switch function.name {
            case "advanceEpoch": return .epochTransition(epoch: currentEpoch &+ 1)
            case "sendStateUpdates":
                return .sendStateUpdates(chainId: try a.uint64(0), value: valueWei)
            default: return nil
            }
        case .registryStateSender:
            switch function.name {
            case "addBridge":
                return .addBridge(
                    chainId: try a.uint64(0), bridge: try a.address(1), receiver: try a.address(2))
            case "modifyBridge":
                return .modifyBridge(
                    chainId: try a.uint64(0), bridge: try a.address(1), receiver: try a.address(2))
            case "removeBridge": return .removeBridge(chainId: try a.uint64(0))
            default: return nil
            }
        case .mainChainVerifier:
            guard function.name == "setRemoteVerifier" else { return nil }
            return .setRemoteVerifier(chainId: try a.uint64(0), verifier: try a.address(1))
        case .remoteChainVerifier:
            guard function.name == "verifyState" else { return nil }
            return .verifyState(
                user: try a.address(0), key: try a.uint256(1), blockNumber: try a.uint64(2),
                value: valueWei)
        case .lightStakeRegistry:
            throw .notOnThisChain(
                "LightStakeRegistry.\(function.name) is written only by its RegistryStateReceiver (through the bridge)"
            )
        }
    }

    private static func registry(_ name: String, _ a: ViewArguments) throws(CallFailure)
        -> ProtocolEvent?
    {
        switch name {
        case "registerOperatorWithSignature":
            let sig = try a.items(0)
            guard sig.count == 3, let signature = sig[0].bytesValue, let salt = sig[1].bytesValue,
                salt.count == 32, let expiry = sig[2].uint
            else { throw .badArgument(0) }
            let registration = RegistrationSignature(
                signature: signature, salt: salt.withUnsafeBytes { Word(loading: $0) },
                expiry: expiry)
            return .registerOperator(
                signature: registration, signingKey: try a.address(1), p2pKey: try a.address(2))
        case "deregisterOperator": return .deregisterOperator
        case "updateOperatorSigningKey": return .updateOperatorSigningKey(try a.address(0))
        case "updateOperatorP2pKey": return .updateOperatorP2pKey(try a.address(0))
        case "updateOperators": return .updateOperators(try addresses(a.items(0), 0))
        case "updateOperatorsForQuorum":
            let lists = try a.items(0).map { item throws(CallFailure) in
                try addresses(item.items ?? [], 0)
            }
            return .updateOperatorsForQuorum(lists)
        case "updateQuorumConfig":
            guard a.values.count == 2, let quorum = try? Quorum(abiValue: a.values[0]) else {
                throw .badArgument(0)
            }
            return .updateQuorumConfig(quorum, operators: try addresses(a.items(1), 1))
        case "updateMinimumWeight":
            return .updateMinimumWeight(try a.uint256(0), operators: try addresses(a.items(1), 1))
        case "updateStakeThreshold": return .updateStakeThreshold(try a.uint256(0))
        default: return nil
        }
    }

    private static func stateManager(_ name: String, _ a: ViewArguments) throws(CallFailure)
        -> ProtocolEvent?
    {
        switch name {
        case "setValue": return .setValue(key: try a.uint256(0), value: try a.uint256(1))
        case "batchSetValues":
            let pairs = try a.items(0).map { item throws(CallFailure) -> KeyValue in
                guard let pair = item.items, pair.count == 2, let k = pair[0].uint,
                    let v = pair[1].uint
                else { throw .badArgument(0) }
                return KeyValue(key: k, value: v)
            }
            return .batchSetValues(pairs)
        default: return nil
        }
    }

    private static func resolver(_ name: String, _ a: ViewArguments, valueWei: UInt256)
        throws(CallFailure) -> ProtocolEvent?
    {
        switch name {
        case "submitChallenge":
            let s = try a.items(0)
            guard s.count == 6, let user = s[0].address, let chain = s[1].uint?.uint64,
                let chainId = UInt32(exactly: chain), let block = s[2].uint?.uint64,
                let timestamp = s[3].uint?.uint64, let key = s[4].uint, let value = s[5].uint,
                let claim = try? StateClaim(
                    user: user, chainId: chainId, blockNumber: block, timestamp: timestamp,
                    key: key,
                    value: value)
            else { throw .badArgument(0) }
            let signatures = try a.items(1).map { item throws(CallFailure) -> [UInt8] in
                guard let bytes = item.bytesValue else { throw .badArgument(1) }
                return bytes
            }
            return .submitChallenge(claim: claim, signatures: signatures, bond: valueWei)
        case "resolveChallenge": return .resolveChallenge(try a.word(0))
        case "claim": return .claim
        case "setOperatorSetId": return .setOperatorSetId(try a.uint32(0))
        case "setSlashableStrategies": return .setSlashableStrategies(try addresses(a.items(0), 0))
        case "setSlashAmount": return .setSlashAmount(try a.uint256(0))
        default: return nil
        }
    }

    private static func addresses(_ items: [ABIValue], _ index: Int) throws(CallFailure)
        -> [Address]
    {
        try items.map { item throws(CallFailure) -> Address in
            guard let address = item.address else { throw .badArgument(index) }
            return address
        }
    }
}

import Ethereum
import SpottedProtocol

/// The ABIs of the contracts the endpoint serves, loaded once, with `eth_call` dispatch and the
/// mapping from a protocol refusal to revert data.
struct ContractCalls: Sendable {
    let abis: [RPCContract: ContractABI]

    init() throws(ContractABIError) {
        var abis = [RPCContract: ContractABI]()
        for contract in RPCContract.allCases {
            abis[contract] = try ContractABI.named(contract.rawValue)
        }
        self.abis = abis
    }

    /// The function `calldata` selects on `contract` and its decoded arguments.
    func decode(_ calldata: [UInt8], on contract: RPCContract) throws(CallFailure) -> (
        ContractABI.Function, ViewArguments
    ) {
        let selector = Array(calldata.prefix(4))
        guard selector.count == 4, let function = abis[contract]?.function(selector: selector)
        else {
            throw .unknownSelector(selector)
        }
        do {
            let values = try ABI.decode(Array(calldata.dropFirst(4)), as: function.inputs)
            return (function, ViewArguments(values: values))
        } catch {
            throw .malformedCalldata("\(function.signature): \(error)")
        }
    }

    /// The ABI-encoded result of a view call on `contract` at the state given.
    func call(
        _ calldata: [UInt8], on contract: RPCContract, state: LedgerState, chainId: UInt64
    ) throws(CallFailure) -> [UInt8] {
        let (function, args) = try decode(calldata, on: contract)
        guard let genesis = state.genesis else { throw .notServed("no genesis yet") }
        let values: [ABIValue]?
        switch contract {
        case .stakeRegistry:
            if function.name == "isValidSignature" {
                values = try Self.protocolCall { () throws(ProtocolError) in
                    [
                        .fixedBytes(
                            try state.isValidSignature(
                                digest: try Self.word(args), signatureData: try Self.bytes(args)))
                    ]
                }
            } else {
                values = try StakeRegistryViews.call(
                    function.name, args, registry: state.stakeRegistry, owner: genesis.owner)
            }
        case .lightStakeRegistry:
            guard let replica = state.replicas[chainId] else {
                throw .notOnThisChain("no LightStakeRegistry is initialized on chain \(chainId)")
            }
            if function.name == "isValidSignature" {
                values = try Self.protocolCall { () throws(ProtocolError) in
                    [
                        .fixedBytes(
                            try replica.isValidSignature(
                                digest: try Self.word(args), signatureData: try Self.bytes(args)))
                    ]
                }
            } else {
                values = try StakeRegistryViews.call(
                    function.name, args, registry: replica.registry, owner: genesis.owner)
            }
        case .epochManager:
            values = try EpochManagerViews.call(function.name, args, state: state, genesis: genesis)
        case .stateManager:
            values = try StateManagerViews.call(function.name, args, state: state, chainId: chainId)
        case .mainChainVerifier:
            values = try Self.verifierCall(function.name, args, state: state)
        case .remoteChainVerifier:
            switch function.name {
            case "mainChainId": values = [.uint(UInt256(genesis.mainChainId))]
            case "mainChainVerifier": values = [.address(genesis.mainChainVerifier)]
            default: values = nil
            }
        case .stateDisputeResolver:
            values = try Self.resolverCall(function.name, args, state: state)
        case .registryStateSender:
            values = try Self.senderCall(function.name, args, state: state)
        }
        guard let values else { throw .notServed(function.signature) }
        do { return try ABI.encode(values, as: function.outputs) } catch {
            throw .notServed("\(function.signature) result: \(error)")
        }
    }

    private static func verifierCall(_ name: String, _ a: ViewArguments, state: LedgerState)
        throws(CallFailure) -> [ABIValue]?
    {
        switch name {
        case "getVerifiedState":
            let key = VerifiedKey(
                chainId: try a.uint64(0), user: try a.address(1), key: try a.uint256(2),
                blockNumber: try a.uint64(3))
            let found = state.mainChainVerifier.verifiedStates[key]
            return [.uint(found?.value ?? .zero), .bool(found != nil)]
        case "remoteVerifiers":
            return [.address(state.mainChainVerifier.remoteVerifiers[try a.uint64(0)] ?? .zero)]
        default: return nil
        }
    }

    /// The RegistryStateSender's getters: a chain's route, the routed chain ids in order.
    private static func senderCall(_ name: String, _ a: ViewArguments, state: LedgerState)
        throws(CallFailure) -> [ABIValue]?
    {
        switch name {
        case "getBridgeInfoByChainId":
            let route = state.registryStateSender.routes[try a.uint64(0)]
            return [.tuple([.address(route?.bridge ?? .zero), .address(route?.receiver ?? .zero)])]
        case "supportedChainIds":
            let ids = state.registryStateSender.routes.keys.sorted()
            guard let i = Int(exactly: try a.uint64(0)), i < ids.count else {
                throw .refused(.ledger(.invalidPayload("supportedChainIds index out of range")))
            }
            return [.uint(UInt256(ids[i]))]
        default: return nil
        }
    }

    /// The resolver's getters: a challenge (its one challenger, the operators it names, the
    /// claimed state, resolved), a claimable balance.
    private static func resolverCall(_ name: String, _ a: ViewArguments, state: LedgerState)
        throws(CallFailure) -> [ABIValue]?
    {
        let resolver = state.stateDisputeResolver
        switch name {
        case "claimableAmount": return [.uint(resolver.claimableWei[try a.address(0)] ?? .zero)]
        case "getChallenge":
            guard let c = resolver.challenges[try a.word(0)] else {
                let empty = ABIValue.tuple([
                    .address(.zero), .uint(0), .uint(0), .uint(0), .uint(0), .uint(0),
                ])
                return [.tuple([.array([]), .array([]), empty, .bool(false)])]
            }
            let claim = ABIValue.tuple([
                .address(c.claim.user), .uint(UInt256(UInt64(c.claim.chainId))),
                .uint(UInt256(c.claim.blockNumber)), .uint(UInt256(c.claim.timestamp)),
                .uint(c.claim.key),
                .uint(c.claim.value),
            ])
            return [
                .tuple([
                    .array([.address(c.challenger)]), .array(c.operators.map { .address($0) }),
                    claim,
                    .bool(c.resolution != nil),
                ])
            ]
        default: return nil
        }
    }

    private static func word(_ a: ViewArguments) throws(ProtocolError) -> Word {
        do { return try a.word(0) } catch {
            throw .ledger(.invalidPayload("argument 0 is not bytes32"))
        }
    }

    private static func bytes(_ a: ViewArguments) throws(ProtocolError) -> [UInt8] {
        do { return try a.bytes(1) } catch {
            throw .ledger(.invalidPayload("argument 1 is not bytes"))
        }
    }

    private static func protocolCall(_ body: () throws(ProtocolError) -> [ABIValue])
        throws(CallFailure) -> [ABIValue]
    {
        do { return try body() } catch { throw .refused(error) }
    }

    /// Revert data for a refusal on `contract`: the contract's custom error selector when an ABI
    /// names the rule (`Name` or `Contract__Name`), else Solidity's `Error(string)` with the rule.
    func revertData(_ error: ProtocolError, on contract: RPCContract?) -> [UInt8] {
        if case .ledger(.ownableUnauthorizedAccount(let account)) = error {
            // OpenZeppelin v5 Ownable's custom error, with its argument.
            return ABI.selector("OwnableUnauthorizedAccount(address)") + account.word.bytes
        }
        let candidates =
            [error.name] + RPCContract.allCases.map { "\($0.contractName)__\(error.name)" }
        let ordered = (contract.map { [$0] } ?? []) + RPCContract.allCases
        for c in ordered {
            guard let abi = abis[c] else { continue }
            for name in candidates {
                if let custom = abi.error(named: name), custom.inputs.isEmpty {
                    return custom.selector
                }
            }
        }
        return Self.errorString("\(error.name): \(error)")
    }

    /// Solidity's `Error(string)` revert data.
    static func errorString(_ message: String) -> [UInt8] {
        let encoded = (try? ABI.encode([.string(message)], as: [.string])) ?? []
        return [0x08, 0xc3, 0x79, 0xa0] + encoded
    }
}

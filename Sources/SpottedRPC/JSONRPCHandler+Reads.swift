import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import Synchronization

/// What a read sees: the state, the chain's head and the addresses, on the reducing thread.
struct ChainView {
    let state: LedgerState
    let genesis: LedgerGenesis
    let chainId: UInt64
    let isMain: Bool
    let head: ChainLedgerIndex.ChainHead
    let addresses: ContractAddresses
    let log: EventLog
}

extension JSONRPCHandler {
    /// Routes one method.
    func dispatch(_ method: String, _ params: JSONRPCParams, chainId: UInt64)
        async throws(JSONRPCError)
        -> JSONOut
    {
        switch method {
        case "eth_chainId": return try await read(chainId) { _ in .quantity(chainId) }
        case "net_version": return try await read(chainId) { _ in .string(String(chainId)) }
        case "web3_clientVersion": return .string("spotted-ledger/jsonrpc")
        case "eth_blockNumber": return try await read(chainId) { .quantity($0.head.blockNumber) }
        case "eth_gasPrice": return .quantity(options.gasPriceWei)
        case "eth_maxPriorityFeePerGas": return .quantity(options.maxPriorityFeePerGasWei)
        case "eth_estimateGas": return .quantity(options.gasEstimate)
        case "eth_getTransactionCount":
            let address = try JSONRPCParams.address(params.value(0, "address"), "address")
            _ = try JSONRPCParams.block(params.optional(1), "block")
            return try await read(chainId) { [self] view in
                .quantity(self.index.withLock { $0.nonce(chainId: chainId, sender: address) })
            }
        case "eth_call": return try await call(params, chainId: chainId)
        case "eth_sendRawTransaction": return try await sendRawTransaction(params, chainId: chainId)
        case "eth_getTransactionReceipt": return try await receipt(params, chainId: chainId)
        case "eth_getTransactionByHash":
            return try await transactionByHash(params, chainId: chainId)
        case "eth_getLogs": return try await getLogs(params, chainId: chainId)
        case "eth_getBlockByNumber": return try await blockByNumber(params, chainId: chainId)
        case "eth_getBlockByHash": return try await blockByHash(params, chainId: chainId)
        case "eth_getBalance": return try await balance(params, chainId: chainId)
        case "eth_feeHistory": return try await feeHistory(params, chainId: chainId)
        case "eth_getCode":
            let address = try JSONRPCParams.address(params.value(0, "address"), "address")
            return try await read(chainId) { view in
                // One INVALID opcode marks a served contract: clients that check for code see some.
                .data(
                    view.addresses.contract(at: address, chainId: chainId, isMain: view.isMain)
                        == nil ? [] : [0xfe])
            }
        default: throw .methodNotFound(method)
        }
    }

    /// Runs `body` on the reducing thread with the chain's view, after catching the index up.
    func read(
        _ chainId: UInt64, _ body: @escaping @Sendable (ChainView) throws(JSONRPCError) -> JSONOut
    )
        async throws(JSONRPCError) -> JSONOut
    {
        let result: Result<JSONOut, JSONRPCError>
        do {
            result = try await ingestor.read { [self] engine in
                Result { () throws(JSONRPCError) -> JSONOut in
                    let view = try self.view(engine, chainId: chainId)
                    return try body(view)
                }
            }
        } catch {
            throw .internalError("\(error)")
        }
        return try result.get()
    }

    /// The chain's view; refuses a chain the ledger does not hold.
    func view(_ engine: Engine, chainId: UInt64) throws(JSONRPCError) -> ChainView {
        let state = engine.state
        guard let genesis = state.genesis else { throw .refused("the ledger has no genesis yet") }
        let isMain = chainId == genesis.mainChainId
        guard isMain || state.replicas[chainId] != nil || state.lastBlock[chainId] != nil else {
            throw .refused("chain \(chainId) is not a chain of this ledger")
        }
        let head: ChainLedgerIndex.ChainHead
        do {
            head = try index.withLock { (i) throws(EventLogError) -> ChainLedgerIndex.ChainHead in
                try i.catchUp(engine.log)
                return i.heads[chainId] ?? .init(blockNumber: 0, timestamp: 0)
            }
            try priorLogs.withLock { (p) throws(EventLogError) in try p.catchUp(engine.log) }
            try catchUpReceipts(engine.log)
        } catch {
            throw .internalError("log: \(error)")
        }
        return ChainView(
            state: state, genesis: genesis, chainId: chainId, isMain: isMain, head: head,
            addresses: ContractAddresses(
                genesis: genesis, remoteChainVerifiers: state.remoteChainVerifier.deployments),
            log: engine.log)
    }

    /// `eth_call({to, data}, block)`: a view of one of the served contracts at the latest state.
    func call(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError) -> JSONOut {
        let object = try params.value(0, "transaction")
        guard let toValue = JSONRPCParams.member(object, "to") else {
            throw .invalidParams("transaction.to", "missing")
        }
        let to = try JSONRPCParams.address(toValue, "transaction.to")
        let input = JSONRPCParams.member(object, "input") ?? JSONRPCParams.member(object, "data")
        let calldata =
            try input.map { v throws(JSONRPCError) in try JSONRPCParams.data(v, "transaction.data")
            } ?? []
        let block = try JSONRPCParams.block(params.optional(1), "block")
        let calls = self.calls
        return try await read(chainId) { (view) throws(JSONRPCError) -> JSONOut in
            if let block, block < view.head.blockNumber {
                throw .refused(
                    "historical state is not served: block \(block) < head \(view.head.blockNumber)"
                )
            }
            guard
                let contract = view.addresses.contract(
                    at: to, chainId: chainId, isMain: view.isMain)
            else {
                return .data([])  // a call to an address without code returns nothing
            }
            let result = Result { () throws(CallFailure) -> [UInt8] in
                try calls.call(calldata, on: contract, state: view.state, chainId: chainId)
            }
            switch result {
            case .success(let bytes): return .data(bytes)
            case .failure(let failure):
                throw Self.rpcError(failure, contract: contract, calls: calls)
            }
        }
    }

    /// The JSON-RPC error for a failed call or transaction.
    static func rpcError(_ failure: CallFailure, contract: RPCContract?, calls: ContractCalls)
        -> JSONRPCError
    {
        switch failure {
        case .refused(let error):
            .reverted("\(error.name): \(error)", data: calls.revertData(error, on: contract))
        case .unknownSelector(let selector):
            .reverted(
                "no function with selector \(Hex.encode(selector)) on \(contract?.contractName ?? "the address")",
                data: [])
        case .malformedCalldata(let reason):
            .reverted("calldata does not decode: \(reason)", data: [])
        case .badArgument(let i): .reverted("argument \(i) is out of range", data: [])
        case .notServed(let what):
            .reverted(
                "not served by the ledger: \(what)",
                data: ContractCalls.errorString("not served: \(what)"))
        case .notOnThisChain(let why): .refused(why)
        }
    }
}

import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import SpottedTestSupport

/// A fresh ledger with a genesis on chain 1 behind an ingestor and a JSON-RPC handler, and
/// helpers that speak JSON-RPC to it the way a web3 client would.
final class RPCFixture: @unchecked Sendable {
    static let mainChain: UInt64 = 1
    static let genesisBlock: UInt64 = 100
    static let now: UInt64 = 1_700_000_000
    static let strategy = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa))
    let ownerKey: PrivateKey
    let genesis: LedgerGenesis
    let directory = TemporaryDirectory("rpc")
    let ingestor: Ingestor
    let rpc: JSONRPCHandler
    var addresses: ContractAddresses { ContractAddresses(genesis: genesis) }

    init(
        epochLengthBlocks: UInt64 = 100, gracePeriodBlocks: UInt64 = 10,
        relaysBridgeMessages: Bool = false
    ) async throws {
        ownerKey = try PrivateKey(Keccak256.hash("rpc/owner"))
        genesis = LedgerGenesis(
            mainChainId: Self.mainChain, genesisBlock: Self.genesisBlock,
            epochLengthBlocks: epochLengthBlocks, gracePeriodBlocks: gracePeriodBlocks,
            avsDirectory: Address(lowBytesOf: Keccak256.hash("avs-directory")),
            serviceManager: Address(lowBytesOf: Keccak256.hash("service-manager")),
            resolver: Address(lowBytesOf: Keccak256.hash("resolver")), owner: ownerKey.address,
            quorum: Quorum(strategies: [StrategyParams(strategy: Self.strategy, multiplier: 10_000)]
            ),
            thresholdWeight: 500, minimumWeight: 0)
        ingestor = Ingestor(engine: try Engine(directory: directory.path))
        var options = JSONRPCHandler.Options()
        options.clockSeconds = { RPCFixture.now }
        options.relaysBridgeMessages = relaysBridgeMessages
        rpc = try JSONRPCHandler(ingestor: ingestor, options: options)
        _ = try await ingestor.submit(
            Action(
                .genesis(genesis), chainId: Self.mainChain, blockNumber: Self.genesisBlock,
                timestamp: Self.now - 100, sender: ownerKey.address))
    }

    func close() async {
        await ingestor.shutdown()
        directory.cleanup()
    }

    /// Gives `op` 1000 shares of the quorum's strategy (DelegationManager input, not an RPC write).
    func giveShares(_ op: Address, block: UInt64) async throws {
        _ = try await ingestor.submit(
            Action(
                .setOperatorShares(
                    operator: op, shares: [StrategyShares(strategy: Self.strategy, shares: 1000)]),
                chainId: Self.mainChain, blockNumber: block, timestamp: Self.now - 50, sender: op))
    }

    /// The raw transaction of `op` calling the registry's
    /// `registerOperatorWithSignature(sig, signingKey, op)`, with the AVSDirectory signature `op`
    /// signs for `salt` and an expiry `validSeconds` after ``now``.
    func registration(
        _ op: PrivateKey, signingKey: Address, salt: UInt64, validSeconds: UInt64 = 60
    ) async throws -> String {
        let saltWord = UInt256(salt).word
        let expiry = UInt256(Self.now + validSeconds)
        let digest = AVSDirectory.registrationDigest(
            operator: op.address, genesis: genesis, salt: saltWord, expiry: expiry)
        return try await transaction(
            op, addresses.stakeRegistry,
            "registerOperatorWithSignature((bytes,bytes32,uint256),address,address)",
            [
                .tuple([
                    .bytes(op.sign(digest: digest).bytes), .fixedBytes(saltWord.bytes),
                    .uint(expiry),
                ]),
                .address(signingKey), .address(op.address),
            ])
    }

    /// The raw response of `body` on `chainId`, as text.
    func raw(_ body: String, chainId: UInt64 = mainChain) async -> String {
        String(decoding: await rpc.handle(body: Array(body.utf8), chainId: chainId), as: UTF8.self)
    }

    /// One request's response object.
    func request(_ method: String, _ params: String = "[]", chainId: UInt64 = mainChain)
        async throws
        -> [String: Any]
    {
        let text = await raw(
            #"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":\#(params)}"#, chainId: chainId
        )
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else {
            throw FixtureError("not an object: \(text)")
        }
        return object
    }

    /// The `result` of a request, as a string (hex quantities and data).
    func result(_ method: String, _ params: String = "[]", chainId: UInt64 = mainChain) async throws
        -> String
    {
        let response = try await request(method, params, chainId: chainId)
        guard let result = response["result"] as? String else {
            throw FixtureError("\(method) \(params): no string result: \(response)")
        }
        return result
    }

    /// The `error` of a request: code, message, data.
    func error(_ method: String, _ params: String = "[]", chainId: UInt64 = mainChain) async throws
        -> (code: Int, message: String, data: String?)
    {
        let response = try await request(method, params, chainId: chainId)
        guard let error = response["error"] as? [String: Any], let code = error["code"] as? Int,
            let message = error["message"] as? String
        else { throw FixtureError("\(method): no error: \(response)") }
        return (code, message, error["data"] as? String)
    }

    /// `eth_call` of `signature(values)` on `to`.
    func call(
        _ to: Address, _ signature: String, _ values: [ABIValue] = [], chainId: UInt64 = mainChain
    )
        async throws -> [UInt8]
    {
        let types = try ABIType.parseList(String(signature.drop { $0 != "(" }))
        let data = try ABI.encodeCall(signature, values, as: types)
        return try Hex.decode(
            try await result(
                "eth_call", #"[{"to":"\#(to.lowercased)","data":"\#(Hex.encode(data))"},"latest"]"#,
                chainId: chainId))
    }

    /// Signs a call of `signature(values)` on `to` with `key` at its next nonce; returns the raw hex.
    func transaction(
        _ key: PrivateKey, _ to: Address, _ signature: String, _ values: [ABIValue] = [],
        kind: SignedTransaction.Kind = .dynamicFee, chainId: UInt64 = mainChain,
        nonce: UInt64? = nil,
        valueWei: UInt256 = .zero
    ) async throws -> String {
        let types = try ABIType.parseList(String(signature.drop { $0 != "(" }))
        let data = try ABI.encodeCall(signature, values, as: types)
        let next = try await self.nonce(key.address, chainId: chainId)
        let request = TransactionRequest(
            kind: kind, chainId: chainId, nonce: nonce ?? next, to: to, valueWei: valueWei,
            data: data)
        return Hex.encode(request.signed(with: key).raw)
    }

    /// `eth_getTransactionCount`.
    func nonce(_ address: Address, chainId: UInt64 = mainChain) async throws -> UInt64 {
        let hex = try await result(
            "eth_getTransactionCount", #"["\#(address.lowercased)","latest"]"#, chainId: chainId)
        guard let value = UInt64(hex.dropFirst(2), radix: 16) else {
            throw FixtureError("nonce \(hex)")
        }
        return value
    }

    /// Sends one signed `StateManager.setValue(1, 2)` by the key `label` names, durable when it
    /// returns: the key and the transaction hash.
    func sendSetValue(_ label: String) async throws -> (user: PrivateKey, hash: String) {
        let user = try PrivateKey(Keccak256.hash(label))
        let hash = try await send(
            try await transaction(
                user, addresses.stateManager, "setValue(uint256,uint256)", [.uint(1), .uint(2)]))
        return (user, hash)
    }

    /// Sends a raw transaction; returns its hash.
    func send(_ raw: String, chainId: UInt64 = mainChain) async throws -> String {
        try await result("eth_sendRawTransaction", #"["\#(raw)"]"#, chainId: chainId)
    }

    /// A uint256 result word as UInt256.
    static func uint(_ bytes: [UInt8]) throws -> UInt256 {
        guard let value = try ABI.decode(bytes, as: [.uint256]).first?.uint else {
            throw FixtureError("uint")
        }
        return value
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

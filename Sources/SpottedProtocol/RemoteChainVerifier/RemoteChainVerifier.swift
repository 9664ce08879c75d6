import Ethereum

/// The RemoteChainVerifier of each destination chain: it reads the StateManager there and sends
/// the value to the MainChainVerifier (spec §12.1; D7).
public struct RemoteChainVerifier: Hashable, Sendable {
    /// The deployed verifier's address per destination chain.
    public internal(set) var deployments: [UInt64: Address] = [:]

    /// Deployed nowhere yet.
    public init() {}

    /// The verification message: `(uint256 sourceChainId, address user, uint256 key, uint256 blockNumber,
    /// uint256 value, bool exists)`.
    public static let messageTypes: [ABIType] = [
        .uint256, .address, .uint256, .uint256, .uint256, .bool,
    ]
}

extension RemoteChainVerifier {
    /// Deploys the verifier on the event's (destination) chain; owner only.
    mutating func deploy(_ address: Address, _ ctx: EventContext, _ genesis: LedgerGenesis)
        throws(ProtocolError)
    {
        try genesis.requireOwner(ctx)
        guard !address.isZero else {
            throw .remoteChainVerifier(.invalidBridgeInfo("verifier address must be non-zero"))
        }
        deployments[ctx.chainId] = address
    }

    /// `verifyState(user, key, blockNumber)`: reads the history on this chain and sends the value to
    /// the main chain with `paidWei`.
    func verifyState(
        user: Address, key: UInt256, blockNumber: UInt64, value paidWei: UInt256,
        _ ctx: EventContext,
        _ genesis: LedgerGenesis, _ stateManager: StateManager,
        _ abridge: inout Abridge
    ) throws(ProtocolError) {
        guard let verifier = deployments[ctx.chainId] else {
            throw .remoteChainVerifier(.remoteVerifierNotDeployed(chainId: ctx.chainId))
        }
        guard blockNumber <= ctx.blockNumber else {
            throw .remoteChainVerifier(
                .blockNumberTooHigh(requested: blockNumber, current: ctx.blockNumber))
        }
        let entry = try stateManager.historyAtBlock(
            HistoryKey(chainId: ctx.chainId, user: user, key: key),
            block: blockNumber)
        // D7: the first field names the chain the value was read on.
        let fields: [ABIValue] = [
            .uint(UInt256(ctx.chainId)), .address(user), .uint(key), .uint(UInt256(blockNumber)),
            .uint(entry.value), .bool(true),
        ]
        guard let payload = try? ABI.encode(fields, as: Self.messageTypes) else {
            preconditionFailure("verification types are fixed")
        }
        _ = try abridge.send(
            BridgeMessage.Route(
                source: ctx.chainId, destination: genesis.mainChainId, from: verifier,
                to: genesis.mainChainVerifier),
            payload: payload, paidWei: paidWei, genesis, ctx)
    }

    /// Canonical bytes: deployments by chain.
    func encode(into e: inout CanonicalEncoder) {
        e.map(deployments) { e, chain, a in
            e.u64(chain)
            e.address(a)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        deployments = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.u64(), try d.address())
        }
    }
}

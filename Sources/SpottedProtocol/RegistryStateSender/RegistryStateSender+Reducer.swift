import Ethereum

/// `addBridge`, `modifyBridge`, `removeBridge`, owner only (spec §5).
extension RegistryStateSender {
    /// Routes `addBridge`, `modifyBridge` and `removeBridge` to their handlers.
    mutating func configure(_ event: ProtocolEvent, _ ctx: EventContext, _ genesis: LedgerGenesis)
        throws(ProtocolError)
    {
        switch event {
        case .addBridge(let chainId, let bridge, let receiver):
            try addBridge(chainId, bridge: bridge, receiver: receiver, ctx, genesis)
        case .modifyBridge(let chainId, let bridge, let receiver):
            try modifyBridge(chainId, bridge: bridge, receiver: receiver, ctx, genesis)
        case .removeBridge(let chainId):
            try removeBridge(chainId, ctx, genesis)
        default:
            preconditionFailure("route sends only bridge configuration here")
        }
    }

    /// `addBridge(chainId, bridge, receiver)`.
    mutating func addBridge(
        _ chainId: UInt64, bridge: Address, receiver: Address, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        try genesis.requireOwner(ctx)
        guard !bridge.isZero, !receiver.isZero else {
            throw .registryStateSender(.invalidBridgeInfo("bridge and receiver must be non-zero"))
        }
        guard chainId != genesis.mainChainId else {
            throw .registryStateSender(.invalidBridgeInfo("chain \(chainId) is the main chain"))
        }
        guard routes[chainId] == nil else {
            throw .registryStateSender(.bridgeAlreadyExists(chainId: chainId))
        }
        routes[chainId] = BridgeRoute(bridge: bridge, receiver: receiver)
    }

    /// `modifyBridge(chainId, bridge, receiver)`.
    mutating func modifyBridge(
        _ chainId: UInt64, bridge: Address, receiver: Address, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        try genesis.requireOwner(ctx)
        guard routes[chainId] != nil else {
            throw .registryStateSender(.chainNotSupported(chainId: chainId))
        }
        guard !bridge.isZero, !receiver.isZero else {
            throw .registryStateSender(.invalidBridgeInfo("bridge and receiver must be non-zero"))
        }
        routes[chainId] = BridgeRoute(bridge: bridge, receiver: receiver)
    }

    /// `removeBridge(chainId)`.
    mutating func removeBridge(_ chainId: UInt64, _ ctx: EventContext, _ genesis: LedgerGenesis)
        throws(ProtocolError)
    {
        try genesis.requireOwner(ctx)
        guard routes[chainId] != nil else {
            throw .registryStateSender(.chainNotSupported(chainId: chainId))
        }
        routes[chainId] = nil
    }
}

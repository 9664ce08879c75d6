import Ethereum

/// RegistryStateSender's bridge and receiver for one destination chain.
public struct BridgeRoute: Hashable, Sendable {
    /// The bridge contract that carries the chain's messages.
    public var bridge: Address
    /// The RegistryStateReceiver on the destination chain.
    public var receiver: Address
    /// A route over `bridge` to `receiver`.
    public init(bridge: Address, receiver: Address) {
        self.bridge = bridge
        self.receiver = receiver
    }
}

/// The RegistryStateSender on the main chain: one bridge route per destination chain (spec §5).
public struct RegistryStateSender: Hashable, Sendable {
    /// Destination chain → its route.
    public internal(set) var routes: [UInt64: BridgeRoute] = [:]

    /// No routes yet.
    public init() {}
}

import Ethereum

extension RegistryStateSender {
    /// Canonical bytes: routes by ascending chain id.
    func encode(into e: inout CanonicalEncoder) {
        e.map(routes) { e, chain, route in
            e.u64(chain)
            e.address(route.bridge)
            e.address(route.receiver)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        routes = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.u64(), BridgeRoute(bridge: try d.address(), receiver: try d.address()))
        }
    }
}

import Ethereum

extension MainChainVerifier {
    /// Canonical bytes: remote verifiers by chain, processed guids, verified states.
    func encode(into e: inout CanonicalEncoder) {
        e.map(remoteVerifiers) { e, chain, a in
            e.u64(chain)
            e.address(a)
        }
        e.set(processedGuids) { e, guid in e.word(guid) }
        e.map(verifiedStates) { e, key, v in
            e.u64(key.chainId)
            e.address(key.user)
            e.uint(key.key)
            e.u64(key.blockNumber)
            e.uint(v.value)
            e.u64(v.sequence)
            e.word(v.guid)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        remoteVerifiers = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.u64(), try d.address())
        }
        processedGuids = try d.set { (d) throws(CanonicalDecoder.Error) in try d.word() }
        verifiedStates = try d.map { (d) throws(CanonicalDecoder.Error) in
            (
                VerifiedKey(
                    chainId: try d.u64(), user: try d.address(), key: try d.uint(),
                    blockNumber: try d.u64()),
                VerifiedState(value: try d.uint(), sequence: try d.u64(), guid: try d.word())
            )
        }
    }
}

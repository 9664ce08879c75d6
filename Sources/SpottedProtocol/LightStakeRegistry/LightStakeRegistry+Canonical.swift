import Ethereum

extension LightStakeRegistry {
    /// Canonical bytes: addresses, the registry, last applied epoch, applied batches, gaps, guids.
    func encode(into e: inout CanonicalEncoder) {
        e.address(abridge)
        e.address(receiver)
        e.address(sender)
        registry.encode(into: &e)
        e.bool(lastAppliedEpoch != nil)
        e.u32(lastAppliedEpoch ?? 0)
        e.map(appliedBatches) { e, epoch, seq in
            e.u32(epoch)
            e.u64(seq)
        }
        e.count(gaps.count)
        for gap in gaps { e.u32(gap) }
        e.set(processedGuids) { e, guid in e.word(guid) }
    }

    /// Reads what ``encode(into:)`` wrote for the replica of `chain`.
    init(decoding d: inout CanonicalDecoder, chain: UInt64) throws(CanonicalDecoder.Error) {
        self.init(
            chainId: chain, abridge: try d.address(), receiver: try d.address(),
            sender: try d.address())
        registry = try StakeRegistry(decoding: &d)
        let hasEpoch = try d.bool()
        let epoch = try d.u32()
        lastAppliedEpoch = try d.optional(hasEpoch, epoch, isZero: { $0 == 0 })
        appliedBatches = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.u32(), try d.u64())
        }
        gaps = try d.array { (d) throws(CanonicalDecoder.Error) in try d.u32() }
        processedGuids = try d.set { (d) throws(CanonicalDecoder.Error) in try d.word() }
    }
}

import Ethereum

extension RewardsRecord {
    /// Canonical bytes of one submission (an archive record).
    func encode(into e: inout CanonicalEncoder) {
        e.u32(epoch)
        e.address(token)
        e.uint(amount)
        e.u32(startTimestamp)
        e.u32(durationSeconds)
        e.count(strategiesAndMultipliers.count)
        for s in strategiesAndMultipliers {
            e.address(s.strategy)
            e.uint(s.multiplier)
        }
        e.map(scores) { e, a, v in
            e.address(a)
            e.uint(v)
        }
        e.map(split) { e, a, v in
            e.address(a)
            e.uint(v)
        }
        e.address(remainderTo)
        e.u64(nonce)
        e.word(submissionHash)
        e.u64(sequence)
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        let epoch = try d.u32()
        let token = try d.address()
        let amount = try d.uint()
        let start = try d.u32()
        let duration = try d.u32()
        let strategies = try d.array { (d) throws(CanonicalDecoder.Error) in
            StrategyParams(strategy: try d.address(), multiplier: try d.uint())
        }
        let scores = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.uint())
        }
        let split = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.uint())
        }
        self.init(
            epoch: epoch, token: token, amount: amount, startTimestamp: start,
            durationSeconds: duration,
            strategiesAndMultipliers: strategies, scores: scores, split: split,
            remainderTo: try d.address(),
            nonce: try d.u64(), submissionHash: try d.word(), sequence: try d.u64())
    }
}

extension RewardsCoordinator {
    /// Canonical bytes of the live part: the nonce (submissions are in the archive).
    func encode(into e: inout CanonicalEncoder) {
        e.u64(nonce)
    }
}

extension RewardsCoordinator {
    /// A coordinator that rewarded `rewardedEpochs` (from the snapshot) with the next `nonce`.
    init(rewardedEpochs: Set<UInt32>, nonce: UInt64) {
        self.rewardedEpochs = rewardedEpochs
        self.nonce = nonce
    }
}

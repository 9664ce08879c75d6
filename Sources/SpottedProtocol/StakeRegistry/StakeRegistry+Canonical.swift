import Ethereum

extension Quorum {
    /// Canonical bytes: count, then (strategy, multiplier) pairs in order.
    func encode(into e: inout CanonicalEncoder) {
        e.count(strategies.count)
        for s in strategies {
            e.address(s.strategy)
            e.uint(s.multiplier)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        self.init(
            strategies: try d.array { (d) throws(CanonicalDecoder.Error) in
                StrategyParams(strategy: try d.address(), multiplier: try d.uint())
            })
    }
}

extension StakeRegistry {
    /// Canonical bytes: quorum, minimum, operators (ascending), key index, totals, threshold.
    func encode(into e: inout CanonicalEncoder) {
        quorum.encode(into: &e)
        e.checkpoints(quorumHistory) { e, q in q.encode(into: &e) }
        e.uint(minimumWeight)
        e.checkpoints(minimumWeightHistory) { e, v in e.uint(v) }
        e.count(totalOperators)
        e.map(operators) { e, op, record in
            e.address(op)
            e.bool(record.registered)
            e.checkpoints(record.status) { e, s in e.bool(s) }
            e.checkpoints(record.signingKey) { e, k in e.address(k) }
            e.checkpoints(record.p2pKey) { e, k in e.address(k) }
            e.checkpoints(record.weight) { e, w in e.uint(w) }
        }
        e.map(signingKeyOperator) { e, key, op in
            e.address(key)
            e.address(op)
        }
        e.checkpoints(totalWeight) { e, v in e.uint(v) }
        e.checkpoints(threshold) { e, v in e.uint(v) }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        quorum = try Quorum(decoding: &d)
        quorumHistory = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in
            try Quorum(decoding: &d)
        }
        minimumWeight = try d.uint()
        minimumWeightHistory = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in
            try d.uint()
        }
        let total = try d.u64()
        guard let totalOperators = Int(exactly: total) else {
            throw .init("byte \(d.index - 8): operator count \(total)")
        }
        self.totalOperators = totalOperators
        operators = try d.map { (d) throws(CanonicalDecoder.Error) in
            let op = try d.address()
            var record = OperatorRecord()
            record.registered = try d.bool()
            record.status = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.bool() }
            record.signingKey = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in
                try d.address()
            }
            record.p2pKey = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in
                try d.address()
            }
            record.weight = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
            return (op, record)
        }
        signingKeyOperator = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.address())
        }
        totalWeight = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
        threshold = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
    }
}

import Ethereum
import SpottedProtocol
import SpottedTestSupport
import Testing

/// Issue 5's scenario: 3 destination chains, 50 operators, 10 epochs of random registry activity.
@Suite struct SyncScenarioTests {
    static let chains: [UInt64] = [2, 3, 4]
    static let seed: UInt64 = 0x5907_7ED
    static let epochs: UInt32 = 10

    /// Runs the seeded history. `drop` batches are never delivered; for `swap` (chain, epoch) the
    /// batch of `epoch` is delivered only after the next one (and is then refused).
    static func run(drop: Set<BatchKey> = [], swap: BatchKey? = nil) throws -> Harness {
        var h = try Harness()
        var rng = SplitMix64(seed: seed)
        for chain in chains { try h.addReplica(chain) }
        let ops = try (0..<50).map { try Harness.Operator("sync-\($0)") }
        var salt: UInt64 = 100
        var rotation = 0
        var held: BridgeDelivery?
        for epoch in 0..<epochs {
            let start = h.clock.startBlock(of: epoch)
            try h.advance(to: max(h.block, start + 1))
            for _ in 0..<20 {
                h.block += 1 + rng.next() % 1_500
                let op = ops[Int(rng.next() % 50)]
                let registered = h.state.stakeRegistry.isRegistered(op.address)
                switch rng.next() % 10 {
                case 0...2 where !registered:
                    salt += 1
                    try h.register(
                        op, sharesA: UInt256(100 + rng.next() % 5_000),
                        sharesB: UInt256(rng.next() % 5_000), salt: salt)
                case 3 where registered:
                    try h.submit(.deregisterOperator, from: op.address)
                case 4 where registered:
                    rotation += 1
                    try h.submit(
                        .updateOperatorSigningKey(
                            Address(lowBytesOf: Keccak256.hash("rot/\(rotation)"))),
                        from: op.address)
                case 5 where registered:
                    try h.submit(
                        .updateOperatorP2pKey(
                            Address(lowBytesOf: Keccak256.hash("p2p/\(rng.next() % 1000)"))),
                        from: op.address)
                case 6:
                    try h.submit(
                        .setOperatorShares(
                            operator: op.address,
                            shares: [
                                StrategyShares(
                                    strategy: Harness.strategyA, shares: UInt256(rng.next() % 9_000)
                                )
                            ]), from: op.address)
                    try h.submit(
                        .updateOperators([op.address, ops[Int(rng.next() % 50)].address]),
                        from: op.address)
                case 7:
                    try h.submit(
                        .updateStakeThreshold(UInt256(rng.next() % 10_000)), from: Harness.owner)
                case 8 where rng.next() % 3 == 0:
                    let a = UInt256(1 + rng.next() % 9_999)
                    let quorum = Quorum(strategies: [
                        StrategyParams(strategy: Harness.strategyA, multiplier: a),
                        StrategyParams(
                            strategy: Harness.strategyB,
                            multiplier: try UInt256(10_000).subtracting(a)),
                    ])
                    try h.submit(
                        .updateQuorumConfig(
                            quorum,
                            operators: ops.map(\.address).filter {
                                h.state.stakeRegistry.isRegistered($0)
                            }), from: Harness.owner)
                case 9 where rng.next() % 3 == 0:
                    try h.submit(
                        .updateMinimumWeight(
                            UInt256(rng.next() % 800), operators: ops.prefix(25).map(\.address)),
                        from: Harness.owner)
                default:
                    break
                }
            }
            // Grace of this epoch: batch epoch+1 is complete; send it to every chain and deliver.
            try h.advance(to: max(h.block, h.clock.interval(of: epoch).graceStart))
            for chain in chains {
                try h.send(to: chain)
                let key = BatchKey(epoch: epoch + 1, chainId: chain)
                if drop.contains(key) { continue }
                if key == swap {
                    held = try h.delivery(epoch: epoch + 1, chain: chain)
                    continue
                }
                try h.deliver(epoch: epoch + 1, to: chain)
                if let late = held, let swap,
                    key == BatchKey(epoch: swap.epoch + 1, chainId: swap.chainId)
                {
                    h.expectRefusal(
                        .deliverMessage(late), from: Harness.abridge(chain), chain: chain,
                        "BatchUpdateFailed")
                    held = nil
                }
            }
            // A few changes during grace: they belong to epoch + 2.
            try h.submit(.updateStakeThreshold(UInt256(rng.next() % 10_000)), from: Harness.owner)
        }
        try h.advance(to: h.clock.startBlock(of: epochs) + 1)
        return h
    }

    /// The fields that differ between two views of the main registry.
    static func changedFields(_ a: RegistryView, _ b: RegistryView) -> Set<String> {
        var fields = Set<String>()
        if a.totalWeight != b.totalWeight { fields.insert("totalWeight") }
        if a.threshold != b.threshold { fields.insert("threshold") }
        if a.minimumWeight != b.minimumWeight { fields.insert("minimumWeight") }
        if a.quorum != b.quorum { fields.insert("quorum") }
        let absent = RegistryView.OperatorView.absent
        for op in Set(a.operators.keys).union(b.operators.keys) {
            let x = a.operators[op] ?? absent
            let y = b.operators[op] ?? absent
            if x.registered != y.registered { fields.insert("operator \(op) registered") }
            if x.signingKey != y.signingKey { fields.insert("operator \(op) signingKey") }
            if x.p2pKey != y.p2pKey { fields.insert("operator \(op) p2pKey") }
            if x.weight != y.weight { fields.insert("operator \(op) weight") }
        }
        return fields
    }

    @Test("every batch delivered in order: empty diff on every chain at every epoch")
    func allDelivered() throws {
        let h = try Self.run()
        #expect(h.state.stakeRegistry.totalOperators > 10)
        #expect(h.state.stakeRegistry.operators.count > 20)
        for chain in Self.chains {
            #expect(h.state.replicas[chain]?.lastAppliedEpoch == Self.epochs)
            for epoch in 0...Self.epochs {
                let diff = try h.state.diff(chainId: chain, epoch: epoch)
                #expect(
                    diff.isEmpty, "chain \(chain) epoch \(epoch): \(diff.differences.prefix(3))")
                #expect(diff.gaps.isEmpty)
            }
        }
    }

    @Test("a dropped and a reordered batch give exactly the expected differences")
    func droppedAndReordered() throws {
        let h = try Self.run(
            drop: [BatchKey(epoch: 4, chainId: 3)], swap: BatchKey(epoch: 6, chainId: 4))
        let main = h.state.stakeRegistry
        // Chain 2 received everything.
        for epoch in 0...Self.epochs { #expect(try h.state.diff(chainId: 2, epoch: epoch).isEmpty) }
        // Chain 3 missed batch 4: at epoch 4 it differs exactly where the main registry changed from 3 to 4,
        // and shows the main registry's epoch-3 values there.
        let expected3 = Self.changedFields(main.view(at: 4), main.view(at: 3))
        #expect(!expected3.isEmpty)
        let diff3 = try h.state.diff(chainId: 3, epoch: 4)
        #expect(Set(diff3.differences.map(\.field)) == expected3)
        #expect(diff3.gaps == [4])
        let old = main.view(at: 3)
        for d in diff3.differences where d.field == "totalWeight" {
            #expect(d.replica == old.totalWeight.description)
        }
        for epoch: UInt32 in 0...3 { #expect(try h.state.diff(chainId: 3, epoch: epoch).isEmpty) }
        // Chain 4 got batch 7 before batch 6, so batch 6 was refused: the same, at epoch 6.
        let expected4 = Self.changedFields(main.view(at: 6), main.view(at: 5))
        let diff4 = try h.state.diff(chainId: 4, epoch: 6)
        #expect(Set(diff4.differences.map(\.field)) == expected4)
        #expect(diff4.gaps == [6])
        for epoch: UInt32 in 0...5 { #expect(try h.state.diff(chainId: 4, epoch: epoch).isEmpty) }
    }

    @Test("same seed, same history: the root is reproducible")
    func deterministic() throws {
        #expect(try Self.run().state.root == (try Self.run().state.root))
    }
}

import Ethereum
import PropertyBased
import Testing

@testable import SpottedProtocol

/// Random action sequences against the reducers: nothing traps, every refusal leaves the state
/// and its root untouched, and replaying what was accepted gives the same root every time.
@Suite struct ReducerPropertyTests {
    /// Interprets each random word as one action over four operators and five shared keys.
    struct Run {
        var h: Harness
        let ops: [Harness.Operator]
        let keys: [Address]
        var accepted: [(ProtocolEvent, EventContext)] = []
        var refusals = 0

        init() throws {
            h = try Harness()
            ops = try ["a", "b", "c", "d"].map { try Harness.Operator($0) }
            keys =
                ops.map(\.signingKey.address) + [Address(lowBytesOf: Keccak256.hash("shared-key"))]
            accepted.append(
                (
                    .genesis(h.genesis),
                    EventContext(
                        sequence: 1, chainId: Harness.mainChain,
                        blockNumber: h.genesis.genesisBlock,
                        timestamp: 1_700_000_000 + h.genesis.genesisBlock * 12,
                        sender: Harness.owner)
                ))
        }

        mutating func attempt(_ event: ProtocolEvent, from sender: Address) {
            let before = h.state
            let rootBefore = h.state.root
            let ctx = h.context(sender)
            do {
                try h.state.reduce(event, ctx)
                h.sequence += 1
                accepted.append((event, ctx))
            } catch {
                refusals += 1
                #expect(error.sequence == ctx.sequence)
                #expect(h.state == before, "refused \(event) changed the state: \(error)")
                #expect(h.state.root == rootBefore)
            }
        }

        mutating func step(_ code: UInt64) {
            let op = ops[Int((code >> 8) % 4)]
            let x = code >> 16
            let ownerOrNot = (x >> 24) % 3 == 0 ? op.address : Harness.owner
            switch (code & 0xff) % 14 {
            case 0:
                attempt(
                    .setOperatorShares(
                        operator: op.address,
                        shares: [
                            StrategyShares(strategy: Harness.strategyA, shares: UInt256(x % 5000)),
                            StrategyShares(
                                strategy: Harness.strategyB, shares: UInt256((x >> 13) % 5000)),
                        ]),
                    from: op.address)
            case 1:
                let salt = UInt256(x % 4).word
                let expiry = (x >> 8) % 7 == 0 ? UInt256(1) : UInt256(1_900_000_000)
                var sig = h.registrationSignature(op, salt: salt, expiry: expiry)
                if (x >> 4) % 5 == 0 {
                    sig = h.registrationSignature(ops[(Int(x) + 1) % 4], salt: salt, expiry: expiry)
                }
                attempt(
                    .registerOperator(
                        signature: sig, signingKey: keys[Int((x >> 12) % 5)], p2pKey: op.p2pKey),
                    from: op.address)
            case 2:
                attempt(.deregisterOperator, from: op.address)
            case 3:
                attempt(.updateOperatorSigningKey(keys[Int(x % 5)]), from: op.address)
            case 4:
                attempt(
                    .updateOperatorP2pKey(Address(lowBytesOf: Keccak256.hash("p2p \(x % 3)"))),
                    from: op.address)
            case 5:
                attempt(
                    .updateOperators(
                        ops.enumerated().filter { (x >> UInt64($0.offset)) & 1 == 1 }.map(
                            \.element.address)), from: op.address)
            case 6:
                attempt(
                    .updateOperatorsForQuorum([
                        ops.enumerated().filter { (x >> UInt64($0.offset)) & 1 == 1 }.map(
                            \.element.address)
                    ]), from: op.address)
            case 7:
                let a = x % 10_001
                let b = (x >> 20) % 4 == 0 ? 10_000 - a + 1 : 10_000 - a
                let quorum = Quorum(strategies: [
                    StrategyParams(strategy: Harness.strategyA, multiplier: UInt256(a)),
                    StrategyParams(strategy: Harness.strategyB, multiplier: UInt256(b)),
                ])
                attempt(
                    .updateQuorumConfig(quorum, operators: ops.map(\.address)), from: ownerOrNot)
            case 8:
                attempt(
                    .updateMinimumWeight(UInt256(x % 2000), operators: ops.map(\.address)),
                    from: ownerOrNot)
            case 9:
                attempt(.updateStakeThreshold(UInt256(x % 5000)), from: ownerOrNot)
            case 10:
                let target = h.block + x % 20_000
                let epoch = (try? h.clock.epoch(at: target)) ?? 0
                while h.state.currentEpoch < epoch {
                    h.block = max(h.block, h.clock.startBlock(of: h.state.currentEpoch + 1))
                    attempt(.epochTransition(epoch: h.state.currentEpoch + 1), from: Harness.owner)
                }
                h.block = target
            case 11:
                attempt(.epochTransition(epoch: UInt32(x % 4)), from: op.address)
            case 12:
                attempt(.cancelSalt(UInt256(x % 4).word), from: op.address)
            default:
                let saved = h.block
                h.block = saved > 2 ? saved - 1 - x % 2 : saved
                attempt(.updateOperators([]), from: op.address)
                h.block = saved
            }
        }
    }

    static func replay(_ log: [(ProtocolEvent, EventContext)]) throws -> LedgerState {
        var state = LedgerState()
        for (event, ctx) in log { try state.reduce(event, ctx) }
        return state
    }

    @Test("random actions never trap; refusals change nothing; replay reproduces the root")
    func randomSequences() async {
        await propertyCheck(count: 60, input: Gen.uint64().array(of: 1...60)) { (codes: [UInt64]) in
            var run = try Run()
            for code in codes { run.step(code) }
            let live = run.h.state
            let first = try Self.replay(run.accepted)
            let second = try Self.replay(run.accepted)
            #expect(first == live)
            #expect(first.root == live.root)
            #expect(second.root == first.root)
            #expect(first.snapshotEncoding() == second.snapshotEncoding())
        }
    }

    @Test("the root does not depend on dictionary insertion order")
    func rootIgnoresInsertionOrder() throws {
        var h = try Harness()
        for name in ["a", "b", "c", "d"] { try h.register(try Harness.Operator(name)) }
        let state = h.state
        #expect(state.stakeRegistry.operators.count == 4)
        var shuffled = state
        shuffled.stakeRegistry.operators = Dictionary(
            uniqueKeysWithValues: state.stakeRegistry.operators.sorted { $0.key > $1.key })
        shuffled.delegationManager.shares = Dictionary(
            uniqueKeysWithValues: state.delegationManager.shares.reversed())
        shuffled.stakeRegistry.signingKeyOperator = Dictionary(
            uniqueKeysWithValues: state.stakeRegistry.signingKeyOperator.reversed())
        #expect(shuffled == state)
        #expect(shuffled.root == state.root)
        // And any real difference changes it.
        var changed = state
        changed.stakeRegistry.minimumWeight = 1
        #expect(changed.root != state.root)
    }
}

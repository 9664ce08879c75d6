// Reducer and ERC-1271 benchmark (issue 4). Not a test: prints rates and ratios measured in one run.
//
//   swift run -c release protocol-bench [--events N]
//
// 1. Reducer throughput for non-signature registry events (shares, updateOperators, P2P keys,
//    threshold), one core.
// 2. isValidSignature with 100 real signers next to 100 raw libsecp256k1 recoveries
//    (parse + recover + serialize + keccak → address, calling the C library directly).
import BenchSupport
import CSecp256k1
import Foundation
import Ethereum
import SpottedProtocol

let arguments = CommandLine.arguments
let eventCount = arguments.firstIndex(of: "--events").flatMap { Int(arguments[$0 + 1]) } ?? 1_000_000

// A ledger with 100 registered operators (weight 1000 each), in epoch 1.
let owner = Address(lowBytesOf: Keccak256.hash("owner"))
let strategyA = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa))
let strategyB = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xb))
let genesis = LedgerGenesis(mainChainId: 1, genesisBlock: 1,
                            avsDirectory: Address(lowBytesOf: Keccak256.hash("avs-directory")),
                            serviceManager: Address(lowBytesOf: Keccak256.hash("service-manager")),
                            resolver: Address(lowBytesOf: Keccak256.hash("resolver")), owner: owner,
                            quorum: Quorum(strategies: [StrategyParams(strategy: strategyA, multiplier: 4000),
                                                        StrategyParams(strategy: strategyB, multiplier: 6000)]),
                            thresholdWeight: 60_000, minimumWeight: 0)
var state = LedgerState()
var sequence: UInt64 = 0
var block: UInt64 = 1
@MainActor func submit(_ event: ProtocolEvent, from sender: Address) {
    sequence += 1
    do {
        try state.reduce(event, EventContext(sequence: sequence, chainId: 1, blockNumber: block, timestamp: 1_700_000_000 + block * 12, sender: sender))
    } catch {
        fail("setup event refused: \(error)")
    }
}
submit(.genesis(genesis), from: owner)
var operators = [(address: Address, signing: PrivateKey)]()
for i in 0..<100 {
    guard let key = try? PrivateKey(Keccak256.hash("bench/op/\(i)")), let signing = try? PrivateKey(Keccak256.hash("bench/sign/\(i)")) else { fail("keys") }
    submit(.setOperatorShares(operator: key.address, shares: [StrategyShares(strategy: strategyA, shares: 1000), StrategyShares(strategy: strategyB, shares: 1000)]), from: key.address)
    let salt = UInt256(UInt64(i)).word, expiry = UInt256(1_900_000_000)
    let digest = AVSDirectory.registrationDigest(operator: key.address, genesis: genesis, salt: salt, expiry: expiry)
    submit(.registerOperator(signature: RegistrationSignature(signature: key.sign(digest: digest).bytes, salt: salt, expiry: expiry),
                             signingKey: signing.address, p2pKey: key.address), from: key.address)
    operators.append((key.address, signing))
}
block = 45_001
submit(.epochTransition(epoch: 1), from: owner)

// 1. Reducer throughput.
let p2p = [Address(lowBytesOf: Keccak256.hash("p2p-a")), Address(lowBytesOf: Keccak256.hash("p2p-b"))]
var events = [(ProtocolEvent, Address)]()
events.reserveCapacity(4096)
for i in 0..<4096 {
    let op = operators[i % 100].address
    switch i % 4 {
    case 0: events.append((.setOperatorShares(operator: op, shares: [StrategyShares(strategy: strategyA, shares: UInt256(UInt64(1000 + i % 7)))]), op))
    case 1: events.append((.updateOperators([op]), op))
    case 2: events.append((.updateOperatorP2pKey(p2p[(i / 4) % 2]), op))
    default: events.append((.updateStakeThreshold(UInt256(UInt64(50_000 + i % 5))), owner))
    }
}
// One block inside epoch 1: every checkpoint write lands in epoch 2 and overwrites in place, so
// memory stays bounded; the state returns to its start every 4096 events (the queue of epoch 2
// would grow otherwise).
block = 45_101
let base = state
let start = now()
for i in 0..<eventCount {
    let (event, sender) = events[i & 4095]
    sequence += 1
    if i & 4095 == 0 { state = base }
    do {
        try state.reduce(event, EventContext(sequence: sequence, chainId: 1, blockNumber: block, timestamp: 0, sender: sender))
    } catch {
        fail("benchmark event refused: \(error)")
    }
}
let elapsed = Double(now() - start) / 1e9
let reducerRate = Double(eventCount) / elapsed

// 2. isValidSignature with 100 signers vs 100 raw C recoveries.
let claim = try? StateClaim(user: owner, chainId: 10, blockNumber: 99, timestamp: 5, key: 1, value: 42)
guard let claim else { fail("claim") }
let digest = claim.digest(domain: genesis.resolverDomain)
let bundle = SignatureBundle(sorting: operators.map { ($0.address, $0.signing.sign(digest: digest).bytes) }, referenceEpoch: 1).encoded()
let signatures = operators.map { $0.signing.sign(digest: digest).bytes }

@MainActor func rawCRecoveries() -> UInt64 { rawCRecoveryNanoseconds(signatures, digest: digest) }

@MainActor func isValidSignatureOnce() -> UInt64 {
    let t0 = now()
    do {
        _ = try state.isValidSignature(digest: digest, signatureData: bundle)
    } catch {
        fail("isValidSignature refused: \(error)")
    }
    return now() - t0
}

var swiftTimes = [UInt64](), cTimes = [UInt64]()
for _ in 0..<30 {  // interleaved, best of 30
    cTimes.append(rawCRecoveries())
    swiftTimes.append(isValidSignatureOnce())
}
let swiftBest = Double(swiftTimes.min() ?? 0) / 1e6, cBest = Double(cTimes.min() ?? 0) / 1e6

// 3. Diff of 1 000 operators on 3 chains: chains 2 and 3 in sync, chain 4 missed the batch.
@MainActor func diffBenchmark() -> [(String, Double)] {
    var ledger = LedgerState()
    var seq: UInt64 = 0
    func put(_ event: ProtocolEvent, _ sender: Address, chain: UInt64 = 1, block: UInt64) {
        seq += 1
        do {
            try ledger.reduce(event, EventContext(sequence: seq, chainId: chain, blockNumber: block, timestamp: 1_700_000_000, sender: sender))
        } catch {
            fail("diff setup refused: \(error)")
        }
    }
    put(.genesis(genesis), owner, block: 1)
    for chain: UInt64 in [2, 3, 4] {
        let abridge = Address(lowBytesOf: Keccak256.hash("abridge/\(chain)")), receiver = Address(lowBytesOf: Keccak256.hash("receiver/\(chain)"))
        put(.addBridge(chainId: chain, bridge: abridge, receiver: receiver), owner, block: 1)
        put(.initializeReplica(abridge: abridge, receiver: receiver), owner, chain: chain, block: 1)
    }
    for i in 0..<1_000 {
        guard let key = try? PrivateKey(Keccak256.hash("diff/op/\(i)")) else { fail("keys") }
        put(.setOperatorShares(operator: key.address, shares: [StrategyShares(strategy: strategyA, shares: UInt256(UInt64(1000 + i)))]), key.address, block: 2)
        let salt = UInt256(UInt64(i)).word, expiry = UInt256(1_900_000_000)
        let digest = AVSDirectory.registrationDigest(operator: key.address, genesis: genesis, salt: salt, expiry: expiry)
        put(.registerOperator(signature: RegistrationSignature(signature: key.sign(digest: digest).bytes, salt: salt, expiry: expiry),
                              signingKey: Address(lowBytesOf: Keccak256.hash("diff/sign/\(i)")), p2pKey: key.address), key.address, block: 2)
    }
    for chain: UInt64 in [2, 3, 4] { put(.sendStateUpdates(chainId: chain, value: genesis.bridgeFeeWei), owner, block: 40_000) }
    for chain: UInt64 in [2, 3] {
        guard let guid = ledger.epochManager.sentBatches[BatchKey(epoch: 1, chainId: chain)], let m = ledger.abridge.messages[guid] else { fail("batch") }
        put(.deliverMessage(BridgeDelivery(guid: guid, from: m.from, to: m.to, payload: m.payload)),
            Address(lowBytesOf: Keccak256.hash("abridge/\(chain)")), chain: chain, block: 10)
    }
    put(.epochTransition(epoch: 1), owner, block: 45_001)
    var results = [(String, Double)]()
    for chain: UInt64 in [2, 3, 4] {
        var best = UInt64.max
        var differences = 0
        for _ in 0..<5 {
            let t0 = now()
            guard let diff = try? ledger.diff(chainId: chain, epoch: 1) else { fail("diff") }
            best = min(best, now() - t0)
            differences = diff.differences.count
        }
        results.append(("diff chain \(chain), epoch 1, 1000 operators (\(differences) differences)", Double(best) / 1e6))
    }
    return results
}
let diffResults = diffBenchmark()

print("| measurement | value | target |")
print("|---|---|---|")
print("| reducer, non-signature registry events (\(eventCount), 1 core) | \(Int(reducerRate)) events/s | ≥ 500000 |")
print("| isValidSignature, 100 signers (best of 30) | \(String(format: "%.3f", swiftBest)) ms | |")
print("| 100 raw libsecp256k1 recoveries + address (best of 30) | \(String(format: "%.3f", cBest)) ms | |")
print("| ratio isValidSignature / raw C | \(String(format: "%.2f", swiftBest / cBest))× | ≤ 1.25× |")
for (name, ms) in diffResults { print("| \(name) (best of 5) | \(String(format: "%.2f", ms)) ms | < 50 ms |") }

// The JSON-RPC endpoint's in-process figure and its HTTP server, for tools/rpc-bench.py (which
// measures the HTTP side and prints the table). One process, one release build:
//   1. builds a ledger of `--signers` (100) registered operators in force at epoch 1,
//   2. times `eth_call isValidSignature` with all of them signing through `JSONRPCHandler.handle`
//      directly (no HTTP) and prints {"inProcessCallsPerSecond": …},
//   3. writes the request body to DIR/call.json, closes the ledger and serves it with
//      SpottedService (token "bench") until SIGTERM, printing "listening on HOST:PORT".
//   swift run -c release --package-path Benchmarks rpc-bench --ledger DIR [--signers 100] [--seconds 3]
import BenchSupport
import Ethereum
import Foundation
import Logging
import SpottedLedger
import SpottedProtocol
import SpottedRPC
import SpottedServer

let mainChain: UInt64 = 1
let strategy = Address(lowBytesOf: Word(l0: 0, l1: 0, l2: 0, l3: 0xa))
let clockSeconds: UInt64 = 1_700_000_000

/// The ledger's owner; tools/rpc-bench.py signs nothing as it (its senders are fresh keys).
let owner: PrivateKey = {
    guard let key = try? PrivateKey(Keccak256.hash("rpc-bench/owner")) else { fail("owner key") }
    return key
}()

func genesis() -> LedgerGenesis {
    LedgerGenesis(
        mainChainId: mainChain, genesisBlock: 1, epochLengthBlocks: 1_000_000,
        gracePeriodBlocks: 10,
        avsDirectory: Address(lowBytesOf: Keccak256.hash("rpc-bench/avs-directory")),
        serviceManager: Address(lowBytesOf: Keccak256.hash("rpc-bench/service-manager")),
        resolver: Address(lowBytesOf: Keccak256.hash("rpc-bench/resolver")), owner: owner.address,
        quorum: Quorum(strategies: [StrategyParams(strategy: strategy, multiplier: 10_000)]),
        thresholdWeight: 1, minimumWeight: 0)
}

/// `signers` operators registered with signing keys, then epoch 1: (operator, signing key) pairs.
func buildLedger(_ ingestor: Ingestor, signers: Int) async throws -> [(Address, PrivateKey)] {
    let g = genesis()
    var block: UInt64 = 1
    func action(_ event: ProtocolEvent, _ sender: Address) -> Action {
        defer { block += 1 }
        return Action(
            event, chainId: mainChain, blockNumber: block, timestamp: clockSeconds, sender: sender)
    }
    _ = try await ingestor.submit(action(.genesis(g), owner.address))
    var pairs = [(Address, PrivateKey)]()
    for i in 0..<signers {
        let op = try PrivateKey(Keccak256.hash("rpc-bench/operator/\(i)"))
        let signing = try PrivateKey(Keccak256.hash("rpc-bench/signing/\(i)"))
        _ = try await ingestor.submit(
            action(
                .setOperatorShares(
                    operator: op.address, shares: [StrategyShares(strategy: strategy, shares: 1000)]
                ),
                op.address))
        let salt = UInt256(UInt64(i)).word
        let expiry = UInt256(clockSeconds + 3600)
        let digest = AVSDirectory.registrationDigest(
            operator: op.address, genesis: g, salt: salt, expiry: expiry)
        let signature = RegistrationSignature(
            signature: op.sign(digest: digest).bytes, salt: salt, expiry: expiry)
        _ = try await ingestor.submit(
            action(
                .registerOperator(
                    signature: signature, signingKey: signing.address, p2pKey: op.address),
                op.address))
        pairs.append((op.address, signing))
    }
    _ = try await ingestor.submit(
        Action(
            .epochTransition(epoch: 1), chainId: mainChain, blockNumber: g.genesisBlock + 1_000_000,
            timestamp: clockSeconds, sender: owner.address))
    return pairs
}

/// The `eth_call` body of `isValidSignature(digest, bundle)` with every pair signing at epoch 1.
func callBody(_ pairs: [(Address, PrivateKey)]) throws -> [UInt8] {
    let digest = Keccak256.hash("rpc-bench/digest")
    let sorted = pairs.sorted { $0.0 < $1.0 }
    let bundle = try ABI.encode(
        [
            .array(sorted.map { .address($0.0) }),
            .array(sorted.map { .bytes($0.1.sign(digest: digest).bytes) }), .uint(UInt256(1)),
        ], as: SignatureBundle.abiTypes)
    let data = try ABI.encodeCall(
        "isValidSignature(bytes32,bytes)", [.fixedBytes(digest.bytes), .bytes(bundle)],
        as: [.fixedBytes(32), .bytes])
    let hex = "0x" + data.map { String(format: "%02x", $0) }.joined()
    let to = ContractAddresses(genesis: genesis()).stakeRegistry.lowercased
    return Array(
        #"{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"to":"\#(to)","data":"\#(hex)"},"latest"]}"#
            .utf8)
}

/// In-process calls per second of `body` over `seconds`; exits if the answer is not the magic value.
func inProcessRate(_ rpc: JSONRPCHandler, _ body: [UInt8], seconds: Double) async -> Double {
    let first = String(decoding: await rpc.handle(body: body, chainId: mainChain), as: UTF8.self)
    guard first.contains("0x1626ba7e") else { fail("isValidSignature answered \(first)") }
    let start = now()
    var calls = 0
    while Double(now() - start) < seconds * 1e9 {
        _ = await rpc.handle(body: body, chainId: mainChain)
        calls += 1
    }
    return Double(calls) / (Double(now() - start) / 1e9)
}

guard let directory = option("--ledger") else { fail("usage: rpc-bench --ledger DIR") }
let signers = Int(option("--signers") ?? "100") ?? 100
let seconds = Double(option("--seconds") ?? "3") ?? 3
do {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let ingestor = Ingestor(engine: try Engine(directory: directory))
    let pairs = try await buildLedger(ingestor, signers: signers)
    let rpc = try JSONRPCHandler(ingestor: ingestor)
    let body = try callBody(pairs)
    try Data(body).write(to: URL(fileURLWithPath: directory + "/call.json"))
    let rate = await inProcessRate(rpc, body, seconds: seconds)
    print(#"{"signers": \#(signers), "inProcessCallsPerSecond": \#(rate)}"#)
    await ingestor.shutdown()
    let configuration = ServerConfiguration(ledger: directory, port: 0, token: "bench")
    try await SpottedService.run(configuration, logger: Logger(label: "rpc-bench")) { address in
        print("listening on \(address)")
        fflush(nil)
    }
} catch {
    fail("\(error)")
}

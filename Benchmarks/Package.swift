// swift-tools-version: 6.0
// The benchmarks (release builds, not tests): their own package, so that GRDB and the bench
// executables stay out of the product's dependency graph. Run from the repository root, e.g.
//   swift run -c release --package-path Benchmarks ledger-bench --events 1000000
import PackageDescription

let package = Package(
    name: "SpottedLedgerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The product, by path. The name is explicit because a path dependency's identity is its
        // directory's name, which differs between clones and worktrees.
        .package(name: "SpottedLedger", path: ".."),
        // SQLite baseline of eventlog-bench.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The logger rpc-bench hands to SpottedService (already in the product's graph).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The clock, failure exit, options, raw libsecp256k1 baseline and simulated ledger shape
        // every benchmark shares.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "CSecp256k1", package: "SpottedLedger"),
                .product(name: "SpottedSimulation", package: "SpottedLedger"),
            ]),

        // Keccak-256, recover, sign of the Ethereum module (tools/bench-crypto runs it next to C).
        .executableTarget(
            name: "crypto-bench",
            dependencies: [.product(name: "Ethereum", package: "SpottedLedger")]),

        // Reducer events/s; isValidSignature next to raw libsecp256k1; main/replica diff.
        .executableTarget(
            name: "protocol-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "SpottedProtocol", package: "SpottedLedger"),
                .product(name: "CSecp256k1", package: "SpottedLedger"),
            ]),

        // EventLog appends and scans next to SQLite (tools/bench-eventlog adds raw C LMDB).
        .executableTarget(
            name: "eventlog-bench",
            dependencies: [
                .product(name: "EventLog", package: "SpottedLedger"),
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        // eth_call isValidSignature in process, then the same ledger served over HTTP for
        // tools/rpc-bench.py (HTTP calls, eth_sendRawTransaction vs POST /v1/actions).
        .executableTarget(
            name: "rpc-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "SpottedLedger", package: "SpottedLedger"),
                .product(name: "SpottedRPC", package: "SpottedLedger"),
                .product(name: "SpottedServer", package: "SpottedLedger"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "SpottedProtocol", package: "SpottedLedger"),
            ]),

        // The live ingestion pipeline: concurrent submitters and group commit vs one write per
        // action, next to raw libsecp256k1 × cores; simulate with and without group commit.
        .executableTarget(
            name: "ingest-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "SpottedLedger", package: "SpottedLedger"),
                .product(name: "SpottedSimulation", package: "SpottedLedger"),
                .product(name: "EventLog", package: "SpottedLedger"),
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "SpottedProtocol", package: "SpottedLedger"),
                .product(name: "CSecp256k1", package: "SpottedLedger"),
            ]),

        // The engine on a large simulated ledger: replay, re-verification, state at an epoch, RSS.
        .executableTarget(
            name: "ledger-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "SpottedLedger", package: "SpottedLedger"),
                .product(name: "SpottedSimulation", package: "SpottedLedger"),
                .product(name: "SpottedTestSupport", package: "SpottedLedger"),
                .product(name: "EventLog", package: "SpottedLedger"),
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "SpottedProtocol", package: "SpottedLedger"),
                .product(name: "CSecp256k1", package: "SpottedLedger"),
            ]),

        // Replicated durable append through JetStreamLog vs plain C libnats (tools/nats-bench-c)
        // on the same real 3-node cluster in the same run (tools/bench-replication).
        .executableTarget(
            name: "replication-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Replication", package: "SpottedLedger"),
                .product(name: "SpottedTestSupport", package: "SpottedLedger"),
                .product(name: "EventLog", package: "SpottedLedger"),
                .product(name: "Ethereum", package: "SpottedLedger"),
            ]),

        // The replicated writer at the engine level vs plain C libnats on the same cluster,
        // follower lag at steady load, a fresh follower's catch-up vs local replay
        // (tools/bench-replication-engine).
        .executableTarget(
            name: "replication-engine-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "SpottedLedger", package: "SpottedLedger"),
                .product(name: "SpottedSimulation", package: "SpottedLedger"),
                .product(name: "Replication", package: "SpottedLedger"),
                .product(name: "SpottedTestSupport", package: "SpottedLedger"),
                .product(name: "EventLog", package: "SpottedLedger"),
                .product(name: "Ethereum", package: "SpottedLedger"),
                .product(name: "SpottedProtocol", package: "SpottedLedger"),
            ]),
    ]
)

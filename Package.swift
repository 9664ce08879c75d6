// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SpottedLedger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Ethereum", targets: ["Ethereum"]),
        .library(name: "SpottedProtocol", targets: ["SpottedProtocol"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "SpottedLedger", targets: ["SpottedLedger"]),
        .library(name: "SpottedSimulation", targets: ["SpottedSimulation"]),
        .library(name: "SpottedReport", targets: ["SpottedReport"]),
        .library(name: "SpottedRPC", targets: ["SpottedRPC"]),
        .library(name: "SpottedTestSupport", targets: ["SpottedTestSupport"]),
        .library(name: "SpottedServer", targets: ["SpottedServer"]),
        .library(name: "Replication", targets: ["Replication"]),
        .executable(name: "spotted-ledger", targets: ["spotted-ledger"]),
        // The raw C library, for the Benchmarks package's libsecp256k1 baselines.
        .library(name: "CSecp256k1", targets: ["CSecp256k1"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries from Debian (libsecp256k1-dev 0.2.0, liblmdb-dev 0.9.24).
        .systemLibrary(
            name: "CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(
            name: "CLMDB", pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]),
        // Debian's libnats-dev 3.4.1, the NATS C client (JetStream included).
        .systemLibrary(
            name: "CNATS", pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]),

        // Ethereum-exact primitives: Keccak, addresses, uint256, secp256k1, EIP-191/712, ABI.
        .target(
            name: "Ethereum", dependencies: ["CSecp256k1"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),

        // The durable, hash-chained event log over LMDB.
        .target(name: "EventLog", dependencies: ["CLMDB", "Ethereum"]),

        // Protocol events, state and pure reducers.
        .target(name: "SpottedProtocol", dependencies: ["Ethereum"]),

        // The engine: log + reducers (Engine/), replay (Replay/), state from snapshots (Snapshots/),
        // and the queries every front end shows (Queries/).
        .target(name: "SpottedLedger", dependencies: ["Ethereum", "EventLog", "SpottedProtocol"]),

        // The one-file HTML report of a ledger: Plot builds the HTML, our own small SVG charts
        // draw the figures, and every number comes from the queries (SpottedLedger/Queries).
        .target(
            name: "SpottedReport",
            dependencies: ["Ethereum", "SpottedLedger", .product(name: "Plot", package: "Plot")]),

        // The HTTP service (`serve`): Hummingbird routes over the engine, SSE tail, metrics.
        .target(
            name: "SpottedServer",
            dependencies: [
                "Ethereum", "EventLog", "SpottedLedger", "SpottedReport", "SpottedRPC",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),

        // Ethereum JSON-RPC over the ledger, independent of HTTP: the contracts' ABIs as data (ABI/),
        // eth_call views, signed transactions mapped to actions (docs/jsonrpc.md).
        .target(
            name: "SpottedRPC", dependencies: ["Ethereum", "SpottedProtocol", "SpottedLedger", "EventLog"],
            exclude: ["ABI/json", "ABI/README.md"]),

        // The replicated commit point on NATS JetStream (issue 17): a small wrapper over libnats
        // (connection, stream ensure, atomic batch publish, ordered-consumer reads, /jsz) and
        // JetStreamLog, the engine's ReplicatedLog over it.
        .target(name: "Replication", dependencies: ["CNATS", "EventLog", "Ethereum", "SpottedLedger"]),

        // Shared test support: SplitMix64, temporary directories, a real 3-node NATS cluster on
        // loopback ports (NATSCluster), the in-memory ReplicatedLog (InMemoryReplicatedLog).
        .target(name: "SpottedTestSupport", dependencies: ["EventLog", "SpottedLedger"]),

        // The seeded simulator and the simulation harness, writing through the engine.
        .target(
            name: "SpottedSimulation",
            dependencies: ["Ethereum", "EventLog", "SpottedProtocol", "SpottedLedger", "SpottedTestSupport"]),

        // Fuzz targets (tools/fuzz builds them for libFuzzer; the tests replay their corpus).
        .target(name: "Fuzzing", dependencies: ["Ethereum", "EventLog", "SpottedProtocol"]),
        .executableTarget(name: "fuzz-harness", dependencies: ["Fuzzing"], path: "tools/fuzz-harness"),

        // The command-line tool.
        .executableTarget(
            name: "spotted-ledger",
            dependencies: ["Ethereum", "SpottedLedger", "SpottedSimulation", "SpottedReport", "SpottedServer",
                           "Replication",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]),

        // Test-support executables (tools/); the benchmarks are their own package in Benchmarks/.
        .executableTarget(name: "interop-probe", dependencies: ["Ethereum"], path: "tools/interop-probe"),
        .executableTarget(name: "sim-harness", dependencies: ["SpottedSimulation"], path: "tools/sim-harness"),
        .executableTarget(name: "eventlog-crash-writer", dependencies: ["EventLog", "Ethereum"], path: "tools/eventlog-crash-writer"),
        .executableTarget(
            name: "eventlog-open-probe", dependencies: ["EventLog"], path: "tools/eventlog-open-probe"),

        .testTarget(name: "EthereumTests", dependencies: ["Ethereum"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "Ethereum", "SpottedTestSupport"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["Fuzzing"]),
        .testTarget(
            name: "SpottedLedgerTests",
            dependencies: ["SpottedLedger", "SpottedSimulation", "SpottedTestSupport", "SpottedProtocol", "EventLog", "Ethereum"]),
        .testTarget(
            name: "SpottedReportTests",
            dependencies: ["SpottedReport", "SpottedLedger", "SpottedTestSupport", "Ethereum"]),
        .testTarget(
            name: "SpottedRPCTests",
            dependencies: [
                "SpottedRPC", "SpottedLedger", "SpottedProtocol", "SpottedSimulation", "SpottedTestSupport", "EventLog",
                "Ethereum",
            ]),
        .testTarget(
            name: "ReplicationTests",
            dependencies: ["Replication", "SpottedLedger", "SpottedTestSupport", "EventLog", "Ethereum"]),
        .testTarget(
            name: "SpottedProtocolTests",
            dependencies: ["SpottedProtocol", "SpottedTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
    ]
)

import ArgumentParser
import Foundation
import Logging
import SpottedLedger
import SpottedServer

/// `serve`: the ledger over HTTP (docs/api/openapi.yaml) until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a ledger over HTTP: actions in, state, audits, events and metrics out.",
        discussion: """
            Reads are open; POST /v1/actions needs Authorization: Bearer <token>, the token from
            --token-file or $SPOTTED_TOKEN (without one, writes are refused). Prints
            'listening on HOST:PORT' once it accepts connections; SIGTERM or SIGINT stops it
            after answering what is in flight. Logs go to standard error.
            Example:
              SPOTTED_TOKEN=secret spotted-ledger serve --ledger logs/demo \\
                --listen 127.0.0.1:8080
            """)

    @Option(
        help:
            "The ledger directory (the default is $SPOTTED_LEDGER when set); created when absent only with --follow."
    )
    var ledger = defaultLedger
    @Option(help: "HOST:PORT to listen on (port 0 picks a free one).")
    var listen = "127.0.0.1:8080"
    @Option(help: "A file whose first line is the bearer token writes need.")
    var tokenFile: String?
    @Option(help: "The largest request body accepted, in bytes (larger: 413).")
    var maxBodyBytes = ServerConfiguration.defaultMaxBodyBytes
    @Option(
        help:
            "Replicate through this NATS cluster (comma-separated nats://HOST:PORT): commit each group to --stream first."
    )
    var replicate: String?
    @Option(help: "The JetStream stream of the ledger (with --replicate).")
    var stream: String?
    @Flag(help: "With --replicate: follow the stream (reads served, writes refused 409 NotWriter).")
    var follow = false
    @Option(
        help:
            "With --replicate: every NATS node's monitoring address (comma-separated HOST:PORT or http://HOST:PORT), for each node's own last sequence in /metrics."
    )
    var natsMonitor: String?

    func validate() throws {
        // A follower starts from an empty ledger as `follow` does; anything else serves one.
        guard follow || LedgerOptions.exists(ledger) else { throw LedgerOptions.missing(ledger) }
        do { _ = try ServerConfiguration.listenAddress(listen) } catch {
            throw ValidationError(error.description)
        }
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be ≥ 1") }
        if let replicate {
            _ = try natsURLs(replicate, option: "--replicate")
            guard stream?.isEmpty == false else {
                throw ValidationError("--replicate needs --stream NAME")
            }
        } else if stream != nil || follow || natsMonitor != nil {
            throw ValidationError(
                "--stream, --follow and --nats-monitor need --replicate nats://HOST:PORT[,…]")
        }
        if let natsMonitor { _ = try monitorAddresses(natsMonitor) }
    }

    /// The replication `--replicate`, `--stream` and `--follow` ask for, if any.
    func replication() throws -> ReplicationSettings? {
        guard let replicate, let stream else { return nil }
        let log = try makeReplicatedLog(
            urls: try natsURLs(replicate, option: "--replicate"), stream: stream,
            createIfMissing: !follow)
        return ReplicationSettings(
            log: log, stream: stream, follows: follow,
            monitors: try natsMonitor.map { try makeNodeMonitors($0, stream: stream) } ?? [])
    }

    func run() throws {
        let address = try ServerConfiguration.listenAddress(listen)
        let token: String?
        do {
            token = try ServerConfiguration.token(
                file: tokenFile, environment: ProcessInfo.processInfo.environment)
        } catch { throw ValidationError(error.description) }
        var settings = ServerConfiguration(
            ledger: ledger, host: address.host, port: address.port, token: token,
            maxBodyBytes: maxBodyBytes)
        settings.replication = try replication()
        let configuration = settings
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "spotted-ledger.serve")
        try waitFor {
            try await SpottedService.run(configuration, logger: logger) { address in
                FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
            }
        }
    }
}

/// Runs `body` to its end from synchronous code, rethrowing its error (a query failure as the
/// tool's ``Failure``).
private func waitFor(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let outcome = Outcome()
    Task {
        do { try await body() } catch { outcome.set(error) }
        done.signal()
    }
    done.wait()
    if let error = outcome.get() {
        if let failure = error as? QueryError { throw Failure(failure) }
        throw error
    }
}

/// The error a background task ended with.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ e: any Error) { lock.withLock { error = e } }
    func get() -> (any Error)? { lock.withLock { error } }
}

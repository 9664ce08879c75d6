import EventLog
import Hummingbird
import Logging
import ServiceLifecycle
import SpottedLedger

/// The HTTP service over one ledger (`spotted-ledger serve`): the routes of docs/api/openapi.yaml
/// on Hummingbird, stopped gracefully on SIGTERM or SIGINT.
///
/// ```swift
/// try await SpottedService.run(ServerConfiguration(ledger: "logs/demo"), logger: logger)
/// ```
public enum SpottedService {
    /// Opens the ledger for writing, serves it until SIGTERM/SIGINT, then stops accepting,
    /// lets in-flight requests finish, commits what was reduced and closes. `onListening` gets
    /// the bound address (`127.0.0.1:8080`) once the server accepts connections.
    public static func run(
        _ configuration: ServerConfiguration, logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let ingestor = try openIngestor(
            configuration.ledger, replication: configuration.replication)
        let router = makeRouter(ingestor: ingestor, configuration: configuration)
        var services = [
            ServiceGroupConfiguration.ServiceConfiguration(
                service: LedgerShutdown(ingestor: ingestor))
        ]
        if let replication = configuration.replication {
            // Every replicated node follows whenever it is not the writer.
            services.append(
                .init(
                    service: ReplicationFollower(
                        ingestor: ingestor, replication: replication, logger: logger),
                    successTerminationBehavior: .ignore))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                onListening("\(configuration.host):\(port)")
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: services + [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let head = ingestor.log.head
        logger.info(
            "stopped: in-flight requests answered, ledger closed",
            metadata: ["headSequence": "\(head.sequence)", "headHash": "\(head.hash)"])
    }

    /// The ledger in `directory` (it must exist, unless it follows: a follower starts from an empty
    /// one), opened for writing behind an ``Ingestor``; with `replication`, following its stream,
    /// or writing through it after catching up.
    static func openIngestor(_ directory: String, replication: ReplicationSettings? = nil)
        throws(QueryError) -> Ingestor
    {
        do {
            let follows = replication?.follows == true
            let engine = try Engine(
                directory: directory,
                options: EventLog.Options(mode: follows ? .create : .readWrite))
            if let replication {
                if replication.follows {
                    engine.follow(replication.log)
                } else {
                    try engine.startWriting(to: replication.log)
                }
            }
            return Ingestor(engine: engine)
        } catch { throw .engine(error) }
    }

    /// Every route, errors in the report shape, writes behind the bearer token.
    static func makeRouter(ingestor: Ingestor, configuration: ServerConfiguration)
        -> Router<BasicRequestContext>
    {
        let router = Router()
        let routes = RouteTable()
        router.add(middleware: ErrorReportMiddleware(routes: routes))
        router.add(middleware: LogRequestsMiddleware(.debug))
        HealthRoutes(ingestor: ingestor, replication: configuration.replication).add(to: router)
        Metrics(ingestor: ingestor, replication: configuration.replication).add(to: router)
        ReadRoutes(ingestor: ingestor).add(to: router)
        ReportRoutes(ingestor: ingestor).add(to: router)
        RPCRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(to: router)
        EventRoutes(ingestor: ingestor).add(to: router)
        EventStream(ingestor: ingestor).add(to: router)
        SignatureRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(
            to: router)
        let writes = router.group().add(
            middleware: BearerTokenMiddleware(token: configuration.token))
        ActionRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(to: writes)
        PromoteRoutes(ingestor: ingestor, replication: configuration.replication).add(to: writes)
        routes.record(router)
        return router
    }
}

/// Stops the ledger after the HTTP server: listed before it in the service group, so the group
/// shuts it down last, once in-flight requests are answered.
struct LedgerShutdown: Service {
    let ingestor: Ingestor

    func run() async throws {
        try? await gracefulShutdown()
        await ingestor.shutdown()
    }
}

/// The follower loop of `serve --replicate`: whenever the node is not the writer — started with
/// `--follow`, or a writer fenced by another — it applies the stream's entries on the ingestor's
/// reducing thread; while it is the writer it waits, looking again every half second. So a
/// follower promoted by `POST /v1/promote` stops following, and the old writer, fenced at its
/// next group, follows the new one. Ends at shutdown; when the stream diverges or fails it logs
/// why and stops following, and reads go on being served from the local log.
struct ReplicationFollower: Service {
    let ingestor: Ingestor
    let replication: ReplicationSettings
    let logger: Logger

    /// How long it waits before looking at the role again, in milliseconds.
    static let roleCheckMilliseconds = 500

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { [self] in
                while !Task.isCancelled {
                    guard await role() == "follower" else {
                        try await Task.sleep(for: .milliseconds(Self.roleCheckMilliseconds))
                        continue
                    }
                    logger.info(
                        "following the replicated stream",
                        metadata: ["stream": "\(replication.stream)"])
                    try await ingestor.follow(replication.log)
                    if await role() == "writer" {
                        logger.info(
                            "promoted: this node writes through the replicated stream",
                            metadata: ["stream": "\(replication.stream)"])
                    } else {
                        try await Task.sleep(for: .milliseconds(Self.roleCheckMilliseconds))
                    }
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.error(
                "stopped following the replicated stream; reads are still served",
                metadata: ["stream": "\(replication.stream)", "error": "\(error)"])
            try? await gracefulShutdown()
        }
    }

    /// The node's role now (``ReplicationStatus/role(of:settings:)``).
    func role() async -> String {
        await ReplicationStatus.role(of: ingestor, settings: replication)
    }
}

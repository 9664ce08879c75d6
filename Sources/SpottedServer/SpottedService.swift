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
        let ingestor = try openIngestor(configuration.ledger)
        let router = makeRouter(ingestor: ingestor, configuration: configuration)
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
                services: [LedgerShutdown(ingestor: ingestor), app],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let head = ingestor.log.head
        logger.info(
            "stopped: in-flight requests answered, ledger closed",
            metadata: ["headSequence": "\(head.sequence)", "headHash": "\(head.hash)"])
    }

    /// The ledger in `directory` (it must exist), opened for writing behind an ``Ingestor``.
    static func openIngestor(_ directory: String) throws(QueryError) -> Ingestor {
        do {
            let engine = try Engine(
                directory: directory, options: EventLog.Options(mode: .readWrite))
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
        HealthRoutes(ingestor: ingestor).add(to: router)
        Metrics(ingestor: ingestor).add(to: router)
        ReadRoutes(ingestor: ingestor).add(to: router)
        ReportRoutes(ingestor: ingestor).add(to: router)
        RPCRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(to: router)
        EventRoutes(ingestor: ingestor).add(to: router)
        EventStream(ingestor: ingestor).add(to: router)
        SignatureRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(
            to: router)
        ActionRoutes(ingestor: ingestor, maxBodyBytes: configuration.maxBodyBytes).add(
            to: router.group().add(middleware: BearerTokenMiddleware(token: configuration.token)))
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

import Foundation
import SpottedLedger

/// How `spotted-ledger serve` runs: where the ledger is, where to listen, who may write, how
/// large a request body may be.
public struct ServerConfiguration: Sendable {
    /// The ledger directory (it must hold a ledger).
    public var ledger: String
    /// The host to bind (loopback unless told otherwise).
    public var host: String
    /// The TCP port to bind; 0 picks a free one (the bound port is printed).
    public var port: Int
    /// The bearer token writes must carry; nil refuses every write with a message saying how to
    /// configure one.
    public var token: String?
    /// The largest request body accepted, in bytes; a larger one is answered 413.
    public var maxBodyBytes: Int

    /// The replicated commit point to write through or follow (`serve --replicate`); nil
    /// serves a ledger of this machine alone.
    public var replication: ReplicationSettings?

    /// The default body limit: 4 MiB (about 8 000 actions of average size in one array).
    public static let defaultMaxBodyBytes = 4 << 20

    /// A configuration serving `ledger` on `host:port`.
    public init(
        ledger: String, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
        maxBodyBytes: Int = defaultMaxBodyBytes
    ) {
        self.ledger = ledger
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
    }

    /// Splits `--listen` text (`HOST:PORT`, `[IPv6]:PORT`) into host and port.
    public static func listenAddress(_ text: String) throws(ServerConfigurationError) -> (
        host: String, port: Int
    ) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .badListen("--listen '\(text)' needs HOST:PORT, e.g. 127.0.0.1:8080")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw .badListen("--listen '\(text)' needs HOST:PORT with a port in 0…65535")
        }
        return (host, port)
    }

    /// The token from `--token-file` (first line, trimmed) or else `SPOTTED_TOKEN`; nil when
    /// neither gives one.
    public static func token(file: String?, environment: [String: String])
        throws(ServerConfigurationError) -> String?
    {
        if let file {
            guard let data = FileManager.default.contents(atPath: file),
                let text = String(data: data, encoding: .utf8)
            else { throw .badTokenFile("--token-file '\(file)' cannot be read") }
            let token = text.split(whereSeparator: \.isNewline).first.map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let token, !token.isEmpty else {
                throw .badTokenFile("--token-file '\(file)' holds no token on its first line")
            }
            return token
        }
        return environment["SPOTTED_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A `serve` option that cannot be used, with what to give instead.
public enum ServerConfigurationError: Error, CustomStringConvertible {
    /// `--listen` is not HOST:PORT.
    case badListen(String)
    /// `--token-file` is unreadable or empty.
    case badTokenFile(String)

    /// The message, naming the option.
    public var description: String {
        switch self {
        case .badListen(let m), .badTokenFile(let m): m
        }
    }
}

/// How `serve` replicates (docs/scale-out.md): the stream, and whether this node writes through it
/// or follows it (writes refused 409 NotWriter, reads served while the follower loop applies).
public struct ReplicationSettings: Sendable {
    /// The replicated log (a JetStream stream, from the CLI's one factory).
    public var log: any ReplicatedLog
    /// The stream's name, for messages and logs.
    public var stream: String
    /// Whether this node follows the stream instead of writing through it.
    public var follows: Bool
    /// Every cluster node's own view of the stream, for `/metrics` (`serve --nats-monitor`).
    public var monitors: [any StreamNodeMonitor]

    /// Settings for `log`, named `stream`; a writer unless `follows`; `monitors` read each
    /// node's own last sequence for `/metrics`.
    public init(
        log: any ReplicatedLog, stream: String, follows: Bool,
        monitors: [any StreamNodeMonitor] = []
    ) {
        self.log = log
        self.stream = stream
        self.follows = follows
        self.monitors = monitors
    }
}

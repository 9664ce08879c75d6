import ArgumentParser
import Foundation
import Replication
import SpottedServer

/// A NATS node's own view of the stream, from its monitoring port's `/jsz` (`MonitoringClient`):
/// what `serve --nats-monitor` shows per node in `/metrics`.
struct JetStreamNodeMonitor: StreamNodeMonitor {
    /// The node's monitoring client.
    let client: MonitoringClient
    /// The stream's name.
    let stream: String

    var node: String { client.address }

    func lastSequence() throws -> UInt64? {
        try client.lastSequence(stream: stream)
    }
}

/// How long one node's `/jsz` may take per scrape, in milliseconds.
let nodeMonitorTimeoutMilliseconds = 1_000

/// One monitor per address of `--nats-monitor`, for the stream `stream`.
func makeNodeMonitors(_ text: String, stream: String) throws -> [any StreamNodeMonitor] {
    try monitorAddresses(text).map {
        JetStreamNodeMonitor(
            client: MonitoringClient(
                address: $0, timeoutMilliseconds: nodeMonitorTimeoutMilliseconds),
            stream: stream)
    }
}

/// The `HOST:PORT` addresses of `--nats-monitor` (comma-separated, `http://` allowed and dropped).
func monitorAddresses(_ text: String) throws -> [String] {
    let addresses = text.split(separator: ",").map { part -> String in
        var address = part.trimmingCharacters(in: .whitespaces)
        if address.hasPrefix("http://") { address.removeFirst(7) }
        while address.hasSuffix("/") { address.removeLast() }
        return address
    }
    let valid = addresses.allSatisfy { address in
        guard let colon = address.lastIndex(of: ":"),
            let port = Int(address[address.index(after: colon)...])
        else { return false }
        return colon > address.startIndex && (1...65_535).contains(port)
    }
    guard !addresses.isEmpty, valid else {
        throw ValidationError(
            "--nats-monitor '\(text)' needs comma-separated HOST:PORT monitoring addresses, e.g. 127.0.0.1:8222,127.0.0.1:8223"
        )
    }
    return addresses
}

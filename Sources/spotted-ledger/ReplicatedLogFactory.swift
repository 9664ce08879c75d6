import ArgumentParser
import Foundation
import SpottedLedger

/// The replicated log behind `follow --nats` and `serve --replicate`: a NATS JetStream stream
/// named `stream` on the cluster at `urls`. The one place the CLI creates a ``ReplicatedLog``.
///
/// MERGE (issue 17): this is the single spot where the `Replication` module's JetStream client
/// plugs in — `import Replication` above and replace the body with
/// `try JetStreamLog(urls: urls, stream: stream)` (mapping its error to a ``Failure``). Until then
/// replication commands stop here with the error below; nothing else is stubbed.
func makeReplicatedLog(urls: [String], stream: String) throws -> any ReplicatedLog {
    throw Failure(
        "this build has no NATS JetStream client (the Replication module is not linked in); cannot reach \(urls.joined(separator: ",")) for stream \(stream)"
    )
}

/// The URLs of `--nats` / `--replicate`: comma-separated `nats://HOST:PORT`, none empty.
func natsURLs(_ text: String, option: String) throws -> [String] {
    let urls = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard !urls.isEmpty, urls.allSatisfy({ $0.hasPrefix("nats://") && $0.count > 7 }) else {
        throw ValidationError(
            "\(option) '\(text)' needs comma-separated nats://HOST:PORT URLs, e.g. nats://127.0.0.1:4222,nats://127.0.0.1:4223"
        )
    }
    return urls
}

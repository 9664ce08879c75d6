import ArgumentParser
import Foundation
import Replication
import SpottedLedger

/// The replicated log behind `follow --nats` and `serve --replicate`: the NATS JetStream stream
/// named `stream` on the cluster at `urls` (R3, file storage, atomic batches). A writer passes
/// `createIfMissing` true and creates a missing stream; a follower never creates one (a missing
/// stream is an error). The one place the CLI creates a ``ReplicatedLog``.
func makeReplicatedLog(urls: [String], stream: String, createIfMissing: Bool) throws
    -> any ReplicatedLog
{
    do throws(ReplicationError) {
        return try JetStreamLog.open(
            urls: urls, stream: StreamConfiguration(name: stream), createIfMissing: createIfMissing)
    } catch {
        throw Failure("stream \(stream) on \(urls.joined(separator: ",")): \(error)")
    }
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

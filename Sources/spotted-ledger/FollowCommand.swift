import ArgumentParser
import Foundation
import SpottedLedger

/// `follow`: a follower of a replicated ledger (docs/scale-out.md).
struct FollowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow a replicated ledger's NATS JetStream stream into a local ledger.",
        discussion: """
            Reads the stream from the local head + 1, checks every hash link and payload, reduces
            every entry, appends the same entries and writes its own snapshots. Every read command
            (and 'serve' on another port) can read the ledger while it follows. Runs until
            SIGINT/SIGTERM; --once stops when it has caught up. --promote catches up, then checks
            that this ledger can take over as the writer (the stream holds every acknowledged
            entry and ends at this ledger's head; a shorter stream is seeded from it) and exits:
            start 'serve --replicate' on this ledger to take writes — its first publish is fenced
            on the head, so a stale promotion is refused.
            Example:
              spotted-ledger follow --nats nats://127.0.0.1:4222,nats://127.0.0.1:4223 \\
                --stream ledger-demo --ledger logs/follower
            """)

    @Option(help: "The NATS cluster: comma-separated nats://HOST:PORT URLs.")
    var nats: String
    @Option(help: "The JetStream stream of the ledger.")
    var stream: String
    @Option(help: "The local ledger directory (created when absent).")
    var ledger: String
    @Flag(help: "Catch up, then check this ledger can become the writer, and exit.")
    var promote = false
    @Flag(help: "Stop once caught up instead of following.")
    var once = false

    func validate() throws {
        _ = try natsURLs(nats, option: "--nats")
        guard !stream.isEmpty else { throw ValidationError("--stream needs a stream name") }
    }

    func run() throws {
        let replicated = try makeReplicatedLog(
            urls: try natsURLs(nats, option: "--nats"), stream: stream, createIfMissing: false)
        let engine: Engine
        do { engine = try Engine(directory: ledger) } catch { throw Failure(.engine(error)) }
        engine.follow(replicated)
        var reported = engine.log.head.sequence
        while true {
            let applied: UInt64
            do { applied = try engine.catchUp(timeoutMilliseconds: 1_000) } catch {
                throw Failure(.engine(error))
            }
            let head = engine.log.head.sequence
            if head >= reported &+ 10_000 || (applied == 0 && head != reported) {
                FileHandle.standardError.write(Data("following \(stream): head \(head)\n".utf8))
                reported = head
            }
            if applied == 0 && (once || promote) { break }
        }
        if promote {
            do {
                try engine.catchUpToStreamHead()
                try engine.promote()
            } catch { throw Failure(.engine(error)) }
        }
        let head = engine.log.head
        print(
            promote
                ? "promoted: \(ledger) is at the stream's head \(head.sequence) (\(head.hash)); serve --replicate on it takes writes"
                : "caught up with \(stream): head \(head.sequence) (\(head.hash))")
    }
}

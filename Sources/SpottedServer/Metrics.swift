import Foundation
import Hummingbird
import Prometheus
import SpottedLedger

/// `GET /metrics`: the ingestor's figures in Prometheus text format (swift-prometheus): events
/// appended, commit groups and their sizes, durable-write (append + fsync) time, refusals by rule,
/// and the replay lag (actions taken but not yet reduced and committed); with replication, the
/// role, heads and every node's own last sequence and lag (``ReplicationStatus``). Each scrape
/// sets the metrics to the ingestor's totals.
final class Metrics: Sendable {
    private let ingestor: Ingestor
    private let replication: ReplicationSettings?
    private let registry = PrometheusCollectorRegistry()
    private let scrape = NSLock()

    init(ingestor: Ingestor, replication: ReplicationSettings? = nil) {
        self.ingestor = ingestor
        self.replication = replication
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/metrics") { _, _ in
            var status: ReplicationStatus?
            if let replication = self.replication {
                status = await ReplicationStatus.probe(
                    ingestor: self.ingestor, settings: replication)
            }
            let text = self.render(status)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    /// The exposition text after setting every metric from the ingestor's statistics (and from
    /// `replication`, when the node replicates).
    func render(_ replication: ReplicationStatus? = nil) -> [UInt8] {
        scrape.withLock {
            if let replication { setReplication(replication) }
            let s = ingestor.statistics()
            set(
                counter("spotted_appended_events_total", "Events appended since start."),
                s.appendedEvents)
            set(
                counter(
                    "spotted_commit_groups_total", "Commit groups (durable writes) since start."),
                s.groups)
            var cumulative: UInt64 = 0
            for (bound, count) in s.groupSizes {
                cumulative += count
                let le = bound == Int.max ? "+Inf" : String(bound)
                set(
                    counter(
                        "spotted_commit_group_size_bucket",
                        "Commit groups of at most `le` actions (cumulative, a histogram's buckets).",
                        [("le", le)]), cumulative)
            }
            let seconds = counter(
                "spotted_commit_seconds_sum", "Seconds spent in durable writes (append and fsync).")
            seconds.reset()
            seconds.increment(by: s.commitSecondsSum)
            gauge("spotted_commit_seconds_max", "The longest durable write, in seconds.")
                .set(s.commitSecondsMax)
            for (rule, count) in s.refusalsByRule.sorted(by: { $0.key < $1.key }) {
                set(
                    counter("spotted_refusals_total", "Refused actions by rule.", [("rule", rule)]),
                    count)
            }
            gauge(
                "spotted_replay_lag_actions",
                "Actions taken but not yet reduced and committed (the served state's lag)."
            ).set(Double(s.queuedActions))
            var out = [UInt8]()
            registry.emit(into: &out)
            return out
        }
    }

    /// Sets the replication metrics: the role (1 on the current one, 0 on the others), the local
    /// head and acknowledged mark, the stream's last sequence (leader's view, NaN unanswered) and
    /// highest known sequence, and each node's own last sequence, lag and whether it answered.
    private func setReplication(_ r: ReplicationStatus) {
        for role in ["writer", "follower", "halted"] {
            gauge(
                "spotted_replication_role", "This node's replication role (1 on the current one).",
                [("role", role)]
            ).set(role == r.role ? 1.0 : 0.0)
        }
        let head = r.streamHeadSequence
        gauge("spotted_replication_local_head_sequence", "The local log's last sequence.")
            .set(Double(r.localHeadSequence))
        gauge(
            "spotted_replication_acknowledged_sequence",
            "The highest stream sequence the local log recorded as acknowledged."
        ).set(Double(r.acknowledgedSequence))
        gauge(
            "spotted_replication_stream_last_sequence",
            "The stream's last sequence as its leader reports it (NaN: no answer)."
        ).set(r.streamLastSequence.map { Double($0) } ?? .nan)
        gauge(
            "spotted_replication_stream_head_sequence",
            "The highest sequence the stream is known to hold (leader, any node, acknowledged mark)."
        ).set(Double(head))
        gauge(
            "spotted_replication_local_lag_entries",
            "Entries the stream holds beyond the local head."
        ).set(Double(head - min(head, r.localHeadSequence)))
        for n in r.nodes {
            let label = [("node", n.node)]
            gauge(
                "spotted_replication_node_up", "Whether the node's monitoring port answered.", label
            )
            .set(n.answered ? 1.0 : 0.0)
            gauge(
                "spotted_replication_node_last_sequence",
                "The node's own stored last sequence of the stream, from its /jsz (NaN: unknown).",
                label
            ).set(n.lastSequence.map { Double($0) } ?? .nan)
            gauge(
                "spotted_replication_node_lag_entries",
                "Entries the node lacks behind the stream's highest known sequence (NaN: unknown).",
                label
            ).set(n.lastSequence.map { Double(head - min(head, $0)) } ?? .nan)
        }
    }

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    private func counter(_ name: String, _ help: String, _ labels: [(String, String)] = [])
        -> Counter
    {
        registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// A metric's descriptor: the whole name as given (its unit already in it) and its help.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func set(_ counter: Counter, _ value: UInt64) {
        counter.reset()
        counter.increment(by: Int64(clamping: value))
    }
}

import Foundation
import Hummingbird
import Prometheus
import SpottedLedger

/// `GET /metrics`: the ingestor's figures in Prometheus text format (swift-prometheus): events
/// appended, commit groups and their sizes, durable-write (append + fsync) time, refusals by rule,
/// and the replay lag (actions taken but not yet reduced and committed). Each scrape sets the
/// metrics to the ingestor's totals.
final class Metrics: Sendable {
    private let ingestor: Ingestor
    private let registry = PrometheusCollectorRegistry()
    private let scrape = NSLock()

    init(ingestor: Ingestor) { self.ingestor = ingestor }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/metrics") { _, _ in
            let text = self.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    /// The exposition text after setting every metric from the ingestor's statistics.
    func render() -> [UInt8] {
        scrape.withLock {
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

    private func gauge(_ name: String, _ help: String) -> Gauge {
        registry.makeGauge(name: name, help: help)
    }

    private func counter(_ name: String, _ help: String, _ labels: [(String, String)] = [])
        -> Counter
    {
        registry.makeCounter(name: name, labels: labels, help: help)
    }

    private func set(_ counter: Counter, _ value: UInt64) {
        counter.reset()
        counter.increment(by: Int64(clamping: value))
    }
}

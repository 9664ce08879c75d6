import Foundation
import Hummingbird
import Prometheus

/// `GET /metrics`: the ingestion counters in Prometheus text format (swift-prometheus): events
/// appended, commits and their sizes, fsync time, refusals by rule, replay lag. Each scrape sets
/// the counters to the backend's totals.
final class Metrics: Sendable {
    private let backend: any LedgerBackend
    private let registry = PrometheusCollectorRegistry()
    private let scrape = NSLock()

    init(backend: any LedgerBackend) { self.backend = backend }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/metrics") { _, _ in
            let text = self.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    /// The exposition text after setting every metric from the backend's counters.
    func render() -> [UInt8] {
        scrape.withLock {
            let c = backend.counters()
            set(
                counter("spotted_appended_events_total", "Events appended since start."),
                c.appendedEvents)
            set(
                counter("spotted_commit_groups_total", "Durable commits (groups) since start."),
                c.groups)
            for (bound, count) in c.groupSizes {
                set(
                    counter(
                        "spotted_commit_group_size_total",
                        "Commits with at most `le` actions (cumulative).",
                        [("le", String(bound))]), count)
            }
            counter("spotted_fsync_seconds_sum", "Seconds spent in fsync.").reset()
            counter("spotted_fsync_seconds_sum", "Seconds spent in fsync.").increment(
                by: c.fsyncSecondsSum)
            set(counter("spotted_fsync_total", "Fsyncs made."), c.fsyncCount)
            for (rule, count) in c.refusalsByRule.sorted(by: { $0.key < $1.key }) {
                set(
                    counter("spotted_refusals_total", "Refused actions by rule.", [("rule", rule)]),
                    count)
            }
            registry.makeGauge(
                name: "spotted_replay_lag_events",
                help: "Logged events the served state does not reflect yet."
            ).set(Double(c.replayLagEvents))
            var out = [UInt8]()
            registry.emit(into: &out)
            return out
        }
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

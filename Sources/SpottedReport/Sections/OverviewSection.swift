import Plot
import SpottedLedger

/// The overview: the ledger's counts, head hash and state root (`stats --json`).
enum OverviewSection {
    /// The overview table's rows: name, value.
    static func rows(_ data: ReportData) -> [[String]] {
        let s = data.stats
        let slashes = data.audits.reduce(0) { $0 + $1.slashes.count }
        return [
            ["events", "\(s.events)"],
            ["current epoch", "\(s.currentEpoch)"],
            ["operators registered", "\(s.operatorsRegistered)"],
            ["chains with a replica", "\(s.replicas)"],
            ["tasks created", "\(s.byKind["create-task"] ?? 0)"],
            ["task responses", "\(s.byKind["respond-to-task"] ?? 0)"],
            ["challenges", "\(s.challenges)"],
            ["slashes (in the trails shown)", "\(slashes)"],
            ["snapshots", "\(s.snapshots)"],
            ["treasury (wei)", "\(s.treasury)"],
            ["head hash", "\(s.headHash)"],
            ["state root", "\(s.stateRoot)"],
        ]
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        .section(
            .id("overview-section"),
            .h2(.text("Overview")),
            DataTable(
                id: "overview", caption: "The ledger (stats --json)", headers: ["what", "value"],
                rows: rows(data)
            ).render())
    }
}

import Ethereum
import Plot
import SpottedLedger

/// Rewards per epoch and operator: stacked bars of the top recipients and "others", and each
/// submission's pool, operators and sequence (`rewards --epoch E --json`).
enum RewardsSection {
    /// The operators with the most rewards in the range.
    static func top(_ data: ReportData) -> [Address] {
        var totals = [Address: Double]()
        for r in data.rewards {
            for o in r.operators { totals[o.operator, default: 0] += o.amount.approximate }
        }
        return totals.keys.sorted { (totals[$0] ?? 0, $1) > (totals[$1] ?? 0, $0) }
            .prefix(LedgerReport.topOperators).map { $0 }
    }

    /// One submission's amounts: the top operators', then the others' sum.
    static func amounts(_ r: RewardsReport, top: [Address]) -> [UInt256] {
        let byOperator = Dictionary(
            r.operators.map { ($0.operator, $0.amount) }, uniquingKeysWith: { a, _ in a })
        let others = r.operators.filter { !top.contains($0.operator) }
            .reduce(UInt256.zero) { $0.addingReportingOverflow($1.amount).partialValue }
        return top.map { byOperator[$0] ?? .zero } + [others]
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        let top = top(data)
        let names = top.map(\.short) + ["others"]
        let rows = data.rewards.map { amounts($0, top: top) }
        let chart = StackedBarChart(
            id: "rewards-chart", title: "Rewards per epoch by operator",
            categories: data.rewards.map { "\($0.epoch)" },
            series: names.indices.map { i in
                ChartSeries(
                    name: names[i], values: rows.map { $0[i].approximate }, isOthers: i == top.count
                )
            }, xTitle: "epoch", yTitle: "reward (token units)")
        let table = DataTable(
            id: "rewards-table", caption: "Submissions (rewards --epoch E --json)",
            headers: ["epoch", "pool", "operators paid", "total score", "sequence"]
                + top.map(\.checksummed) + ["others"],
            rows: zip(data.rewards, rows).map { r, amounts in
                [
                    "\(r.epoch)", "\(r.amount)", "\(r.operators.count)", "\(r.totalScore)",
                    "\(r.sequence)",
                ] + amounts.map(\.description)
            })
        return ReportSection.render(
            id: "rewards", heading: "Rewards",
            explanation:
                "Each epoch's pool split in proportion to weight × accepted responses (\(data.rewards.count) submissions in the range): the \(top.count) operators paid most, the others summed.",
            pairs: [(chart.render(), table)])
    }
}

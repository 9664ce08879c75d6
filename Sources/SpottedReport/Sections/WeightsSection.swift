import Ethereum
import Plot
import SpottedLedger

/// Operator weights per epoch (stacked area of the heaviest and "others") and the total weight
/// against the threshold (`state --epoch E --json`).
enum WeightsSection {
    /// The registered operators drawn one by one: the heaviest at the range's last epoch.
    static func top(_ data: ReportData) -> [Address] {
        guard let last = data.registries.last else { return [] }
        return last.operators.filter(\.registered).sorted {
            ($0.weight, $1.operator) > ($1.weight, $0.operator)
        }.prefix(LedgerReport.topOperators).map(\.operator)
    }

    /// One registry's weights: the top operators', then the sum of the other registered ones.
    static func weights(_ r: RegistrySummaryReport, top: [Address]) -> [UInt256] {
        let byOperator = Dictionary(
            r.operators.filter(\.registered).map { ($0.operator, $0.weight) },
            uniquingKeysWith: { a, _ in a })
        let others = r.operators.filter { $0.registered && !top.contains($0.operator) }
            .reduce(UInt256.zero) { $0.addingReportingOverflow($1.weight).partialValue }
        return top.map { byOperator[$0] ?? .zero } + [others]
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        let top = top(data)
        let labels = data.timeline.rows.map { "\($0.toEpoch)" }
        let rows = data.registries.map { weights($0, top: top) }
        let names = top.map(\.short) + ["others"]
        let area = StackedAreaChart(
            id: "weights-chart", title: "Operator weights per epoch", categories: labels,
            series: names.indices.map { i in
                ChartSeries(
                    name: names[i], values: rows.map { $0[i].approximate }, isOthers: i == top.count
                )
            }, xTitle: "epoch", yTitle: "weight")
        let areaTable = DataTable(
            id: "weights-table", caption: "Weight by operator (state --epoch E --json)",
            headers: ["epoch"] + top.map(\.checksummed) + ["others"],
            rows: zip(labels, rows).map { [$0] + $1.map(\.description) })
        let line = LineThresholdChart(
            id: "threshold-chart", title: "Total weight against the threshold", categories: labels,
            value: ChartSeries(
                name: "total weight", values: data.registries.map(\.totalWeight.approximate)),
            threshold: ChartSeries(
                name: "threshold", values: data.registries.map(\.threshold.approximate)),
            xTitle: "epoch", yTitle: "weight")
        let lineTable = DataTable(
            id: "threshold-table", caption: "Totals (state --epoch E --json)",
            headers: ["epoch", "total weight", "threshold", "minimum weight", "registry root"],
            rows: data.registries.map {
                [
                    "\($0.epoch)", "\($0.totalWeight)", "\($0.threshold)", "\($0.minimumWeight)",
                    "\($0.registryRoot)",
                ]
            })
        return ReportSection.render(
            id: "weights", heading: "Operator weights",
            explanation:
                "The registry's weights in force at each epoch (at the last epoch of each bar when epochs are aggregated): the \(top.count) heaviest registered operators at the last epoch, the others summed; then the total weight against the threshold a signature set must reach (a square marks an epoch below it).",
            pairs: [(area.render(), areaTable), (line.render(), lineTable)])
    }
}

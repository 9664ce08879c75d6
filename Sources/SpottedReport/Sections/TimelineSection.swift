import Plot
import SpottedLedger

/// Events per epoch by kind (stacked bars), with each epoch's first sequence, start block and
/// grace period (`epochs --json`).
enum TimelineSection {
    /// Kinds drawn one by one; the rest are "other kinds".
    static let topKinds = 6

    /// The kinds with the most events in the range, most first (ties by name).
    static func kinds(_ t: EpochTimelineReport) -> [String] {
        var totals = [String: UInt64]()
        for row in t.rows { for f in row.byKind.fields { totals[f.name, default: 0] += f.value } }
        return totals.keys.sorted { (totals[$0] ?? 0, $1) > (totals[$1] ?? 0, $0) }
            .prefix(topKinds).map { $0 }
    }

    /// Per row: the top kinds' counts, then the rest.
    static func counts(_ row: EpochTimelineReport.Row, kinds: [String]) -> [UInt64] {
        let top = kinds.map { row.byKind[$0] ?? 0 }
        return top + [row.events - top.reduce(0, +)]
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        let t = data.timeline
        let kinds = kinds(t)
        let names = kinds + ["other kinds"]
        let perRow = t.rows.map { counts($0, kinds: kinds) }
        let series = names.indices.map { i in
            ChartSeries(
                name: names[i], values: perRow.map { Double($0[i]) }, isOthers: i == kinds.count)
        }
        let chart = StackedBarChart(
            id: "timeline-chart", title: "Events per epoch by kind",
            categories: t.rows.map(LedgerReport.label), series: series,
            xTitle: t.epochsPerRow == 1 ? "epoch" : "epochs (\(t.epochsPerRow) per bar)",
            yTitle: "events")
        let table = DataTable(
            id: "timeline-table", caption: "Events per epoch (epochs --json)",
            headers: [
                "epoch", "first seq", "last seq", "start block", "grace start block",
                "first grace seq", "events",
            ] + names,
            rows: zip(t.rows, perRow).map { row, counts in
                [
                    LedgerReport.label(row), "\(row.firstSequence)", "\(row.lastSequence)",
                    "\(row.startBlock)", "\(row.graceStartBlock)",
                    row.graceFirstSequence.value.map { "\($0)" } ?? row.graceFirstSequence.absent,
                    "\(row.events)",
                ] + counts.map { "\($0)" }
            })
        return ReportSection.render(
            id: "timeline", heading: "Epoch timeline",
            explanation:
                "Events logged in each epoch, by kind. An epoch starts at its transition event; its grace period is the last \(t.gracePeriodBlocks) of its \(t.epochLengthBlocks) blocks, when registry changes take effect one epoch later. \(t.events) events in epochs \(t.fromEpoch)–\(t.toEpoch).",
            pairs: [(chart.render(), table)])
    }
}

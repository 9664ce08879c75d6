import Plot
import SpottedLedger

/// The one-file HTML report of a ledger: inline SVG charts and CSS, no script, font or request
/// from elsewhere; every chart has its numbers in a table beside it, taken from the queries.
///
/// ```swift
/// let engine = try Engine.open(directory: "logs/demo")
/// let html = try LedgerReport.html(for: engine)
/// ```
public enum LedgerReport {
    /// Timeline rows at most: more epochs than this are aggregated into runs of equal length.
    public static let maxRows = 60
    /// Slash trails shown at most (the rest are counted).
    public static let maxTrails = 20
    /// Operators drawn one by one in the weight and rewards charts; the rest are "others".
    public static let topOperators = 7

    /// The report of `engine`'s ledger for epochs `fromEpoch`…`toEpoch` (default: all).
    public static func html(for engine: Engine, fromEpoch: UInt32? = nil, toEpoch: UInt32? = nil)
        throws(QueryError) -> String
    {
        try render(for: engine, fromEpoch: fromEpoch, toEpoch: toEpoch).html
    }

    /// The report and a summary of what it shows.
    public static func render(
        for engine: Engine, fromEpoch: UInt32? = nil, toEpoch: UInt32? = nil
    ) throws(QueryError) -> (html: String, summary: ReportSummary) {
        let data = try ReportData(
            engine: engine, fromEpoch: fromEpoch, toEpoch: toEpoch, maxRows: maxRows)
        let html = document(data).render()
        let t = data.timeline
        return (
            html,
            ReportSummary(
                fromEpoch: t.fromEpoch, toEpoch: t.toEpoch, epochsPerRow: t.epochsPerRow,
                events: t.events, challenges: data.audits.count + data.auditsOmitted,
                rewardedEpochs: data.rewards.count)
        )
    }

    /// The page.
    static func document(_ data: ReportData) -> HTML {
        let t = data.timeline
        let title = "Spotted ledger report: epochs \(t.fromEpoch)–\(t.toEpoch)"
        return HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title(title),
                .style(Stylesheet.css)),
            .body(
                .header(
                    .h1(.text(title)),
                    .p(
                        .text(
                            "Every chart has its numbers in the table beside it; they are the numbers of the tool's --json views (stats, epochs, state, diff, audit, rewards)."
                        ))),
                OverviewSection.render(data),
                TimelineSection.render(data),
                WeightsSection.render(data),
                ReplicaSection.render(data),
                SlashTrailSection.render(data),
                RewardsSection.render(data)))
    }

    /// The label of a timeline row: its epoch, or its first–last epochs.
    static func label(_ row: EpochTimelineReport.Row) -> String {
        row.fromEpoch == row.toEpoch ? "\(row.fromEpoch)" : "\(row.fromEpoch)–\(row.toEpoch)"
    }
}

/// The page's CSS: readable on screen, in grey-scale print, and without any external resource.
enum Stylesheet {
    static let css = """
        body { font-family: sans-serif; margin: 1.5em; color: #111; background: #fff; max-width: 1500px; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #999; padding-bottom: 0.2em; margin-top: 2em; }
        h3 { font-size: 1em; }
        .pair { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; margin: 1em 0; }
        figure { margin: 0; }
        .table-wrap { max-height: 420px; overflow: auto; border: 1px solid #ccc; }
        table { border-collapse: collapse; font-size: 0.8em; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: bold; padding: 0.3em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; white-space: nowrap; }
        th { background: #eee; position: sticky; top: 0; }
        td:first-child { text-align: left; }
        svg.chart { font-size: 11px; background: #fff; }
        svg .grid { stroke: #ddd; } svg .base { stroke: #333; }
        tr.flagged td { font-weight: bold; background: #e6e6e6; border-top: 2px solid #000; }
        code { font-size: 0.85em; word-break: break-all; }
        ol.trail li { margin: 0.2em 0; }
        @media print { .table-wrap { max-height: none; overflow: visible; } }
        """
}

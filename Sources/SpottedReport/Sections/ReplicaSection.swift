import Plot
import SpottedLedger

/// Replica lag per chain: every batch's send and apply on the log's sequence axis (lanes), the
/// batch table (`epochs --json`), and the diff status of every (chain, epoch) (`diff --json`).
enum ReplicaSection {
    /// The lane chart of the timeline's batches.
    static func chart(_ data: ReportData) -> LaneChart {
        let t = data.timeline
        let chains = Array(
            Set(data.timeline.batches.map(\.chainId)).union(data.diff.map(\.chainId))
        )
        .sorted()
        let firstOf = Dictionary(
            t.rows.map { ($0.fromEpoch, $0.firstSequence) }, uniquingKeysWith: { a, _ in a })
        let marks = t.batches.compactMap { b -> LaneChart.Mark? in
            guard let lane = chains.firstIndex(of: b.chainId) else { return nil }
            let anchor =
                firstOf[b.epoch].map { Double($0) } ?? Double(t.rows.last?.lastSequence ?? 0)
            return LaneChart.Mark(
                lane: lane, start: b.sentSequence.value.map { Double($0) },
                end: b.appliedSequence.value.map { Double($0) }, anchor: anchor, status: b.status,
                label: "batch \(b.epoch) → chain \(b.chainId): \(b.status)")
        }
        let lo = Double(t.rows.first?.firstSequence ?? 0)
        let hi = Double(
            max(
                t.rows.last?.lastSequence ?? 1,
                t.batches.compactMap { $0.appliedSequence.value }.max() ?? 0))
        return LaneChart(
            id: "replica-chart", title: "Batches per chain: sent to applied",
            lanes: chains.map { "chain \($0)" },
            domain: (lo, hi), marks: marks,
            boundaries: t.rows.map { (Double($0.firstSequence), LedgerReport.label($0)) },
            bands: t.rows.compactMap { row in
                row.graceFirstSequence.value.map { (Double($0), Double(row.lastSequence)) }
            }, xTitle: "log sequence (epoch starts labelled)")
    }

    /// The section.
    static func render(_ data: ReportData) -> Node<HTML.BodyContext> {
        let t = data.timeline
        func text(_ v: OrAbsent<UInt64>) -> String { v.value.map { "\($0)" } ?? v.absent }
        let batches = DataTable(
            id: "batches-table", caption: "Batches (epochs --json)",
            headers: [
                "epoch", "chain", "sent seq", "sent block", "applied seq", "applied block",
                "lag (events)", "status",
            ],
            rows: t.batches.map {
                [
                    "\($0.epoch)", "\($0.chainId)", text($0.sentSequence), text($0.sentBlock),
                    text($0.appliedSequence), text($0.appliedBlock), text($0.lagEvents), $0.status,
                ]
            }, rowClasses: t.batches.map { $0.status == "on-time" ? "" : "flagged" })
        let diff = DataTable(
            id: "diff-table", caption: "Main registry vs replica (diff --json)",
            headers: ["chain", "epoch", "equal", "gaps", "differences", "replica root"],
            rows: data.diff.map {
                [
                    "\($0.chainId)", "\($0.epoch)", $0.equal ? "equal" : "DIFFERS",
                    $0.gaps.map(String.init).joined(separator: " "), "\($0.differences.count)",
                    "\($0.replicaRoot)",
                ]
            }, rowClasses: data.diff.map { $0.equal ? "" : "flagged" })
        let omitted =
            t.onTimeBatchesOmitted > 0
            ? " \(t.onTimeBatchesOmitted) on-time batches are left out of the table (epochs aggregated)."
            : ""
        return ReportSection.render(
            id: "replicas", heading: "Replica lag",
            explanation:
                "Each batch carries one epoch's registry updates to one chain: sent during the epoch before, applied when its delivery arrives. A segment runs from the send to the apply along the log; an on-time batch ends in a square, a late one (applied after its epoch started) in a black diamond; skipped ones are a circle, missing ones a cross. Grey bands are grace periods.\(omitted)",
            pairs: [(chart(data).render(), batches)],
            extra: [diff.render()])
    }
}

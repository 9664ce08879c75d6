import Ethereum
import SpottedLedger

/// Everything the report shows, as the queries return it (the same reports the `--json` views
/// print): nothing here is computed a second time.
struct ReportData {
    /// `stats --json`.
    var stats: LedgerStatsReport
    /// `epochs --json` over the range.
    var timeline: EpochTimelineReport
    /// `state --epoch E --json` at the last epoch of each timeline row.
    var registries: [RegistrySummaryReport]
    /// `diff --json`, the comparisons within the range.
    var diff: [DiffReport.Comparison]
    /// `audit --challenge ID --json` for the first ``LedgerReport/maxTrails`` challenges.
    var audits: [SlashAuditReport]
    /// Challenges left out of `audits`.
    var auditsOmitted: Int
    /// `rewards --epoch E --json` for every rewarded epoch in the range.
    var rewards: [RewardsReport]

    /// Runs the queries on `engine` for epochs `from`…`to` (default: all).
    init(engine: Engine, fromEpoch: UInt32?, toEpoch: UInt32?, maxRows: Int) throws(QueryError) {
        stats = try engine.stats()
        timeline = try engine.epochTimeline(
            fromEpoch: fromEpoch, toEpoch: toEpoch, maxRows: maxRows)
        let range = timeline.fromEpoch...timeline.toEpoch
        var registries = [RegistrySummaryReport]()
        for row in timeline.rows { registries.append(try engine.registrySummary(at: row.toEpoch)) }
        self.registries = registries
        diff = try engine.diff().results.filter { range.contains($0.epoch) }
        let ids = try engine.challengeIDs()
        var audits = [SlashAuditReport]()
        for id in ids.prefix(LedgerReport.maxTrails) {
            audits.append(try engine.slashAudit(challenge: id))
        }
        self.audits = audits
        auditsOmitted = ids.count - audits.count
        var rewards = [RewardsReport]()
        for epoch in engine.rewardedEpochs() where range.contains(epoch) {
            rewards.append(try engine.rewards(epoch: epoch))
        }
        self.rewards = rewards
    }
}

extension UInt256 {
    /// The value as a Double, for drawing (tables show the exact decimal).
    var approximate: Double { Double(description) ?? 0 }
}

extension Address {
    /// `0x1234…abcd`: short enough for a legend.
    var short: String {
        let text = checksummed
        return String(text.prefix(6)) + "…" + String(text.suffix(4))
    }
}

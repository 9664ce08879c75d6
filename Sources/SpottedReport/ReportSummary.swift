/// What a rendered report covers: its epoch range and how much of the ledger it shows.
public struct ReportSummary: Encodable, Sendable {
    /// The first epoch shown.
    public var fromEpoch: UInt32
    /// The last epoch shown.
    public var toEpoch: UInt32
    /// Epochs per timeline row (1 unless aggregated).
    public var epochsPerRow: UInt32
    /// Events in the epochs shown.
    public var events: UInt64
    /// Challenges in the ledger (the first ``LedgerReport/maxTrails`` have a trail).
    public var challenges: Int
    /// Rewards submissions in the range.
    public var rewardedEpochs: Int
}

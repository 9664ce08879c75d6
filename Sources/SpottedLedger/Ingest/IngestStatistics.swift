/// What an ``Ingestor`` has done since it started: the figures `/metrics` exports.
public struct IngestStatistics: Sendable {
    /// Entries appended to the log.
    public var appendedEvents: UInt64 = 0
    /// Commit groups written (one durable write transaction each).
    public var groups: UInt64 = 0
    /// Commit groups by size: `count` groups held at most `upperBound` entries (and more than the
    /// previous bucket's bound); the last bucket's bound is `Int.max`.
    public var groupSizes: [(upperBound: Int, count: UInt64)] = Self.bucketBounds.map { ($0, 0) }
    /// Seconds spent in durable writes (append and fsync), summed over every group.
    public var commitSecondsSum: Double = 0
    /// The longest durable write, in seconds.
    public var commitSecondsMax: Double = 0
    /// Actions refused, by the rule's name (`DuplicateAction` for repeats, the error code for
    /// failures that are no rule).
    public var refusalsByRule: [String: UInt64] = [:]
    /// Actions waiting to be reduced.
    public var queuedActions = 0

    /// Bucket bounds of ``groupSizes``: powers of two up to 4 096, then everything larger.
    public static let bucketBounds = [
        1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_096, Int.max,
    ]

    /// Counts one committed group of `size` entries that took `seconds`.
    mutating func recordGroup(size: Int, seconds: Double) {
        appendedEvents += UInt64(size)
        groups += 1
        if let i = groupSizes.firstIndex(where: { size <= $0.upperBound }) {
            groupSizes[i].count += 1
        }
        commitSecondsSum += seconds
        commitSecondsMax = max(commitSecondsMax, seconds)
    }

    /// Counts one refused action.
    mutating func recordRefusal(_ error: EngineError) {
        let rule: String
        switch error {
        case .refused(_, let refusal): rule = refusal.error.name
        case .duplicate: rule = "DuplicateAction"
        default: rule = ErrorReport(error, message: "").error.code
        }
        refusalsByRule[rule, default: 0] += 1
    }
}

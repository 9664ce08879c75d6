import Ethereum
import SpottedProtocol

/// Main registry vs light registries, per chain and epoch, down to the first differing field.
public struct DiffReport: Encodable, Sendable {
    /// One differing field, with the sequences of the events that last wrote each side.
    public struct Difference: Encodable, Sendable, CustomStringConvertible {
        /// The field, e.g. `operator 0x… weight`.
        public var field: String
        /// The main registry's value.
        public var main: String
        /// The replica's value.
        public var replica: String
        /// The sequence that wrote the main side, or null when never written.
        public var mainSequence: OrAbsent<UInt64>
        /// The sequence that wrote the replica side, or null when never written.
        public var replicaSequence: OrAbsent<UInt64>
        /// The difference in one line.
        public var description: String {
            "\(field): main \(main) (seq \(mainSequence.value.map(String.init) ?? "-")) ≠ replica \(replica) (seq \(replicaSequence.value.map(String.init) ?? "-"))"
        }
        private enum CodingKeys: String, CodingKey {
            case field, main, replica, mainSequence, replicaSequence
        }
    }

    /// One comparison: one chain at one epoch.
    public struct Comparison: Encodable, Sendable {
        /// The replica's chain.
        public var chainId: UInt64
        /// The epoch compared.
        public var epoch: UInt32
        /// Both registry roots are equal.
        public var equal: Bool
        /// The main registry's root at the epoch.
        public var mainRoot: Word
        /// The replica registry's root at the epoch.
        public var replicaRoot: Word
        /// Batch epochs the replica skipped up to `epoch`.
        public var gaps: [UInt32]
        /// The fields that differ; empty when the roots are equal.
        public var differences: [Difference]
    }

    /// How many comparisons were made.
    public var comparisons: Int
    /// How many of them differ.
    public var differing: Int
    /// Every comparison, by chain then epoch.
    public var results: [Comparison]
}

extension Engine {
    /// Compares the main registry with the replica of `chainId` (default: every replica) at `epoch`
    /// (default: every epoch up to the replica's last applied batch). `progress` gets the number of
    /// comparisons made.
    public func diff(
        chainId: UInt64? = nil, epoch: UInt32? = nil, progress: ((UInt64) -> Void)? = nil
    ) throws(QueryError) -> DiffReport {
        let s = state
        let chains = chainId.map { [$0] } ?? s.replicas.keys.sorted()
        var results = [DiffReport.Comparison]()
        for c in chains {
            guard let replica = s.replicas[c] else {
                let known = s.replicas.keys.sorted().map(String.init).joined(separator: ", ")
                throw .badArgument(
                    field: "chain", reason: "--chain \(c) has no replica (chains: \(known))")
            }
            let last = replica.lastAppliedEpoch ?? 0
            if let epoch, epoch > last {
                throw .badArgument(
                    field: "epoch",
                    reason:
                        "--epoch \(epoch) is out of range for chain \(c): its last applied batch is epoch \(last)"
                )
            }
            for e in epoch.map({ [$0] }) ?? Array(0...last) {
                let d: RegistryDiff
                do { d = try s.diff(chainId: c, epoch: e) } catch { throw .notFound("\(error)") }
                let differences = d.differences.map {
                    DiffReport.Difference(
                        field: $0.field, main: $0.main, replica: $0.replica,
                        mainSequence: OrAbsent($0.mainSequence, absent: "never written"),
                        replicaSequence: OrAbsent($0.replicaSequence, absent: "never written"))
                }
                progress?(UInt64(results.count + 1))
                results.append(
                    DiffReport.Comparison(
                        chainId: d.chainId, epoch: d.epoch, equal: d.isEmpty, mainRoot: d.mainRoot,
                        replicaRoot: d.replicaRoot, gaps: d.gaps, differences: differences))
            }
        }
        return DiffReport(
            comparisons: results.count, differing: results.filter { !$0.equal }.count,
            results: results)
    }
}

import Ethereum

/// A registry as seen at one epoch: what the main registry and a light registry are compared on.
public struct RegistryView: Hashable, Sendable {
    /// One operator's registry values at the view's epoch.
    public struct OperatorView: Hashable, Sendable {
        /// Whether the operator is registered.
        public var registered: Bool
        /// The operator's signing key (zero when never set).
        public var signingKey: Address
        /// The operator's p2p key (zero when never set).
        public var p2pKey: Address
        /// The operator's weight (strategy shares × multipliers ÷ 10 000).
        public var weight: UInt256
        /// Creates an operator view from its four fields.
        public init(registered: Bool, signingKey: Address, p2pKey: Address, weight: UInt256) {
            self.registered = registered
            self.signingKey = signingKey
            self.p2pKey = p2pKey
            self.weight = weight
        }
        /// An operator with nothing set: left out of a view.
        public static let absent = OperatorView(
            registered: false, signingKey: .zero, p2pKey: .zero, weight: .zero)
    }

    /// Operators with anything set at the epoch, by address.
    public var operators: [Address: OperatorView]
    /// The total weight of registered operators.
    public var totalWeight: UInt256
    /// The stake threshold a signature set must reach (weight).
    public var threshold: UInt256
    /// The quorum (strategies and multipliers) in force.
    public var quorum: Quorum
    /// The minimum weight an operator needs to count.
    public var minimumWeight: UInt256

    /// Keccak-256 of the canonical encoding: equal views have equal roots.
    public var root: Word {
        var e = CanonicalEncoder()
        e.tag("registry-view/1")
        e.map(operators) { e, op, v in
            e.address(op)
            e.bool(v.registered)
            e.address(v.signingKey)
            e.address(v.p2pKey)
            e.uint(v.weight)
        }
        e.uint(totalWeight)
        e.uint(threshold)
        e.uint(minimumWeight)
        quorum.encode(into: &e)
        return Keccak256.hash(e.bytes)
    }
}

extension StakeRegistry {
    /// The registry's values in force at `epoch`; operators with nothing set are left out.
    public func view(at epoch: UInt32) -> RegistryView {
        var ops = [Address: RegistryView.OperatorView]()
        for (op, record) in operators {
            let v = RegistryView.OperatorView(
                registered: record.status.value(at: epoch) ?? false,
                signingKey: record.signingKey.value(at: epoch) ?? .zero,
                p2pKey: record.p2pKey.value(at: epoch) ?? .zero,
                weight: record.weight.value(at: epoch) ?? .zero)
            if v != .absent { ops[op] = v }
        }
        return RegistryView(
            operators: ops, totalWeight: totalWeight.value(at: epoch) ?? .zero,
            threshold: threshold.value(at: epoch) ?? .zero,
            quorum: quorumHistory.value(at: epoch) ?? Quorum(strategies: []),
            minimumWeight: minimumWeightHistory.value(at: epoch) ?? .zero)
    }
}

/// One field that differs between the main registry and a replica at an epoch, with the log
/// sequence numbers of the events that last wrote each side (`nil`: never written).
public struct FieldDifference: Hashable, Sendable, CustomStringConvertible {
    /// The field's name, e.g. `threshold` or `operator 0x… weight`.
    public var field: String
    /// The main registry's value, as text.
    public var main: String
    /// The replica's value, as text.
    public var replica: String
    /// The log sequence of the event that last wrote the main side (`nil`: never written).
    public var mainSequence: UInt64?
    /// The log sequence of the event that last wrote the replica side (`nil`: never written).
    public var replicaSequence: UInt64?

    /// One line: the field, both values and the sequences that wrote them.
    public var description: String {
        "\(field): main \(main) (seq \(mainSequence.map(String.init) ?? "-")) ≠ replica \(replica) (seq \(replicaSequence.map(String.init) ?? "-"))"
    }
}

/// The outcome of comparing the main registry with one replica at one epoch.
public struct RegistryDiff: Hashable, Sendable {
    /// The destination chain of the replica.
    public var chainId: UInt64
    /// The epoch compared.
    public var epoch: UInt32
    /// The root of the main registry's view at `epoch`.
    public var mainRoot: Word
    /// The root of the replica's view at `epoch`.
    public var replicaRoot: Word
    /// Every differing field, sorted by field name; empty when the roots are equal.
    public var differences: [FieldDifference]
    /// Batch epochs the replica skipped up to `epoch`.
    public var gaps: [UInt32]
    /// Whether no field differs.
    public var isEmpty: Bool { differences.isEmpty }
}

extension LedgerState {
    /// Compares the main registry's view of `epoch` with `chainId`'s replica. Equal roots
    /// short-circuit; otherwise every differing field is listed with both values and sequences.
    public func diff(chainId: UInt64, epoch: UInt32) throws(ProtocolError) -> RegistryDiff {
        guard let replica = replicas[chainId] else {
            throw .lightStakeRegistry(.replicaNotInitialized(chainId: chainId))
        }
        let main = stakeRegistry.view(at: epoch)
        let other = replica.registry.view(at: epoch)
        let mainRoot = main.root
        let replicaRoot = other.root
        var result = RegistryDiff(
            chainId: chainId, epoch: epoch, mainRoot: mainRoot, replicaRoot: replicaRoot,
            differences: [], gaps: replica.gaps.filter { $0 <= epoch })
        if mainRoot == replicaRoot { return result }

        var out = [FieldDifference]()
        func compare<V: Equatable>(
            _ field: String, _ a: V, _ b: V, _ seqA: UInt64?, _ seqB: UInt64?, _ show: (V) -> String
        ) {
            if a != b {
                out.append(
                    FieldDifference(
                        field: field, main: show(a), replica: show(b), mainSequence: seqA,
                        replicaSequence: seqB))
            }
        }
        let r1 = stakeRegistry
        let r2 = replica.registry
        compare(
            "totalWeight", main.totalWeight, other.totalWeight,
            r1.totalWeight.entry(at: epoch)?.sequence, r2.totalWeight.entry(at: epoch)?.sequence
        ) { $0.description }
        compare(
            "threshold", main.threshold, other.threshold, r1.threshold.entry(at: epoch)?.sequence,
            r2.threshold.entry(at: epoch)?.sequence
        ) { $0.description }
        compare(
            "minimumWeight", main.minimumWeight, other.minimumWeight,
            r1.minimumWeightHistory.entry(at: epoch)?.sequence,
            r2.minimumWeightHistory.entry(at: epoch)?.sequence
        ) { $0.description }
        compare(
            "quorum", main.quorum, other.quorum, r1.quorumHistory.entry(at: epoch)?.sequence,
            r2.quorumHistory.entry(at: epoch)?.sequence
        ) {
            $0.strategies.map { "\($0.strategy):\($0.multiplier)" }.joined(separator: ",")
        }
        for op in Set(main.operators.keys).union(other.operators.keys).sorted() {
            let a = main.operators[op] ?? .absent
            let b = other.operators[op] ?? .absent
            let ra = r1.operators[op]
            let rb = r2.operators[op]
            compare(
                "operator \(op) registered", a.registered, b.registered,
                ra?.status.entry(at: epoch)?.sequence, rb?.status.entry(at: epoch)?.sequence
            ) { "\($0)" }
            compare(
                "operator \(op) signingKey", a.signingKey, b.signingKey,
                ra?.signingKey.entry(at: epoch)?.sequence, rb?.signingKey.entry(at: epoch)?.sequence
            ) { $0.description }
            compare(
                "operator \(op) p2pKey", a.p2pKey, b.p2pKey, ra?.p2pKey.entry(at: epoch)?.sequence,
                rb?.p2pKey.entry(at: epoch)?.sequence
            ) { $0.description }
            compare(
                "operator \(op) weight", a.weight, b.weight, ra?.weight.entry(at: epoch)?.sequence,
                rb?.weight.entry(at: epoch)?.sequence
            ) { $0.description }
        }
        result.differences = out
        return result
    }
}

import Ethereum

/// A strategy and its weight multiplier in basis points (`StrategyParams`).
public struct StrategyParams: Hashable, Sendable {
    /// The strategy contract.
    public var strategy: Address
    /// uint96 on chain.
    public var multiplier: UInt256
    /// Creates a strategy entry.
    public init(strategy: Address, multiplier: UInt256) {
        self.strategy = strategy
        self.multiplier = multiplier
    }
}

/// The registry's quorum: strategies strictly ascending, multipliers summing to 10 000 bps.
public struct Quorum: Hashable, Sendable {
    /// The strategies with their multipliers, strictly ascending by address.
    public var strategies: [StrategyParams]
    /// 10 000: what the multipliers (basis points) of a valid quorum sum to.
    public static let totalBasisPoints = UInt256(10_000)

    /// Creates a quorum without validating it (see ``validate()``).
    public init(strategies: [StrategyParams]) { self.strategies = strategies }

    /// `_isValidQuorum`: `NotSorted` for unsorted or zero strategies, `InvalidQuorum` unless the
    /// multipliers sum to exactly 10 000 (an empty quorum sums to 0).
    public func validate() throws(ProtocolError) {
        guard strategies.count <= Limits.maxQuorumStrategies else {
            throw .stakeRegistry(
                .invalidQuorum("more than \(Limits.maxQuorumStrategies) strategies"))
        }
        var last = Address.zero
        var sum = UInt256.zero
        for params in strategies {
            guard params.strategy > last else {
                throw .stakeRegistry(
                    .notSorted("quorum strategy \(params.strategy) is not above \(last)"))
            }
            guard params.multiplier.fits(bits: 96) else {
                throw .stakeRegistry(
                    .invalidQuorum("multiplier of \(params.strategy) exceeds uint96"))
            }
            last = params.strategy
            sum = sum.addingReportingOverflow(params.multiplier).partialValue
        }
        guard sum == Self.totalBasisPoints else {
            throw .stakeRegistry(.invalidQuorum("multipliers sum to \(sum), not 10000"))
        }
    }

    /// The ABI type of `Quorum { StrategyParams[] strategies }`.
    public static let abiType = ABIType.tuple([.array(.tuple([.address, .uint(96)]))])

    /// The quorum as an ABI value of ``abiType``.
    public var abiValue: ABIValue {
        .tuple([.array(strategies.map { .tuple([.address($0.strategy), .uint($0.multiplier)]) })])
    }

    /// Reads a quorum from an ABI value of ``abiType``; not validated.
    public init(abiValue: ABIValue) throws(ProtocolError) {
        guard let members = abiValue.items, members.count == 1, let list = members[0].items else {
            throw .ledger(.invalidPayload("quorum is not (StrategyParams[])"))
        }
        var strategies = [StrategyParams]()
        for item in list {
            guard let pair = item.items, pair.count == 2, let strategy = pair[0].address,
                let multiplier = pair[1].uint
            else {
                throw .ledger(.invalidPayload("quorum entry is not (address,uint96)"))
            }
            strategies.append(StrategyParams(strategy: strategy, multiplier: multiplier))
        }
        self.init(strategies: strategies)
    }
}

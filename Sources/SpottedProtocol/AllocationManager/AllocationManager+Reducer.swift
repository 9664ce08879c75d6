import Ethereum

/// What a slash is asked to do: the resolver's configuration.
struct SlashRequest {
    /// The operator set.
    var operatorSetId: UInt32
    /// The strategies slashed.
    var strategies: [Address]
    /// The share of magnitude to slash, in WAD.
    var wadToSlash: UInt256
    /// The challenge that slashes.
    var challengeId: Word
    /// The epoch the new weight takes effect in.
    var effectiveEpoch: UInt32
}

/// `slashOperator` (ethereum.md §7).
extension AllocationManager {
    /// Slashes `op` in every requested strategy: magnitude and shares lowered with EigenLayer's
    /// rounding (`mulWadRoundUp`, `calcSlashedAmount`). The weight fields are the caller's.
    mutating func slash(
        _ op: Address, _ request: SlashRequest, weightBefore: UInt256,
        delegation: inout DelegationManager
    ) throws(ProtocolError) -> SlashRecord {
        var record = SlashRecord(
            operator: op, operatorSetId: request.operatorSetId, strategies: request.strategies,
            wadToSlash: request.wadToSlash, wadSlashed: [], magnitudeBefore: [], magnitudeAfter: [],
            sharesBefore: [], sharesAfter: [], weightBefore: weightBefore, weightAfter: .zero,
            effectiveEpoch: request.effectiveEpoch, challengeId: request.challengeId)
        for strategy in request.strategies {
            let before = magnitude(of: op, in: strategy)
            let sharesBefore = delegation.shares(of: op, in: strategy)
            let (after, sharesAfter, wadSlashed) = try Self.cut(
                before, shares: sharesBefore, request.wadToSlash, op, strategy)
            magnitudes[op, default: [:]][strategy] = after
            delegation.setSlashedShares(op, in: strategy, to: sharesAfter)
            record.wadSlashed.append(wadSlashed)
            record.magnitudeBefore.append(before)
            record.magnitudeAfter.append(after)
            record.sharesBefore.append(sharesBefore)
            record.sharesAfter.append(sharesAfter)
        }
        return record
    }

    /// One strategy's cut: the magnitude after, the shares after, and the WAD slashed of the maximum.
    static func cut(
        _ before: Magnitude, shares: UInt256, _ wadToSlash: UInt256, _ op: Address,
        _ strategy: Address
    ) throws(ProtocolError) -> (Magnitude, UInt256, UInt256) {
        guard before.currentWad > 0 else { return (before, shares, .zero) }
        let wad = LedgerGenesis.wad
        do {
            let slashed = try UInt256.mulDiv(
                UInt256(before.currentWad), wadToSlash, wad, roundUp: true)
            let maxBefore = UInt256(before.maxWad)
            let wadSlashed = try UInt256.mulDiv(slashed, wad, maxBefore)
            let cut = slashed.uint64 ?? before.currentWad
            let after = Magnitude(
                currentWad: before.currentWad - min(cut, before.currentWad),
                maxWad: before.maxWad - min(cut, before.maxWad))
            let sharesAfter = try UInt256.mulDiv(
                shares, UInt256(after.maxWad), maxBefore, roundUp: true)
            return (after, sharesAfter, wadSlashed)
        } catch {
            throw .ledger(.arithmeticOverflow("slashing \(op) in \(strategy)"))
        }
    }
}

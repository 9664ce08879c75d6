import Ethereum

extension Challenge {
    /// Canonical bytes of a challenge (without its id) and, once resolved, its resolution.
    func encode(into e: inout CanonicalEncoder) {
        claim.slot.encode(into: &e)
        e.uint(claim.value)
        e.address(challenger)
        e.uint(bondWei)
        e.count(operators.count)
        for (op, signer) in zip(operators, signers) {
            e.address(op)
            e.address(signer)
        }
        e.count(signatures.count)
        for s in signatures { e.data(s) }
        e.u64(submittedSequence)
        e.u64(deadlineBlock)
        e.bool(resolution != nil)
        guard let r = resolution else { return }
        e.bool(r.successful)
        e.u8(r.rule.rawValue)
        e.u64(r.sequence)
        e.bool(r.verified != nil)
        e.uint(r.verified?.value ?? .zero)
        e.u64(r.verified?.sequence ?? 0)
        e.word(r.verified?.guid ?? .zero)
        e.count(r.slashes.count)
        for s in r.slashes { s.encode(into: &e) }
    }

    /// Reads what ``encode(into:)`` wrote for challenge `id`.
    init(decoding d: inout CanonicalDecoder, id: Word) throws(CanonicalDecoder.Error) {
        let claim = try StateSlot(decoding: &d).claim(try d.uint())
        let challenger = try d.address()
        let bond = try d.uint()
        let pairs = try d.array { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.address())
        }
        let signatures = try d.array { (d) throws(CanonicalDecoder.Error) in try d.data() }
        self.init(
            id: id, claim: claim, challenger: challenger, bondWei: bond, operators: pairs.map(\.0),
            signers: pairs.map(\.1), signatures: signatures, submittedSequence: try d.u64(),
            deadlineBlock: try d.u64(), resolution: nil)
        guard try d.bool() else { return }
        let successful = try d.bool()
        let raw = try d.u8()
        guard let rule = Resolution.Rule(rawValue: raw) else {
            throw .init("byte \(d.index - 1): resolution rule \(raw)")
        }
        let sequence = try d.u64()
        let hasVerified = try d.bool()
        let value = try d.uint()
        let verifiedSequence = try d.u64()
        let guid = try d.word()
        let verified = try d.optional(
            hasVerified, VerifiedState(value: value, sequence: verifiedSequence, guid: guid),
            isZero: { $0.value.isZero && $0.sequence == 0 && $0.guid.isZero })
        let slashes = try d.array { (d) throws(CanonicalDecoder.Error) in
            try SlashRecord(decoding: &d, challengeId: id)
        }
        resolution = Resolution(
            successful: successful, rule: rule, verified: verified, sequence: sequence,
            slashes: slashes)
    }
}

extension SlashRecord {
    /// Canonical bytes of a slash (its challenge id is the enclosing challenge's).
    func encode(into e: inout CanonicalEncoder) {
        e.address(`operator`)
        e.u32(operatorSetId)
        e.uint(wadToSlash)
        e.uint(weightBefore)
        e.uint(weightAfter)
        e.u32(effectiveEpoch)
        e.count(strategies.count)
        for i in strategies.indices {
            e.address(strategies[i])
            e.uint(wadSlashed[i])
            e.u64(magnitudeBefore[i].currentWad)
            e.u64(magnitudeBefore[i].maxWad)
            e.u64(magnitudeAfter[i].currentWad)
            e.u64(magnitudeAfter[i].maxWad)
            e.uint(sharesBefore[i])
            e.uint(sharesAfter[i])
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder, challengeId: Word) throws(CanonicalDecoder.Error) {
        let op = try d.address()
        let setId = try d.u32()
        let wad = try d.uint()
        let before = try d.uint()
        let after = try d.uint()
        self.init(
            operator: op, operatorSetId: setId, strategies: [], wadToSlash: wad, wadSlashed: [],
            magnitudeBefore: [], magnitudeAfter: [], sharesBefore: [], sharesAfter: [],
            weightBefore: before,
            weightAfter: after, effectiveEpoch: try d.u32(), challengeId: challengeId)
        for _ in 0..<(try d.count()) {
            strategies.append(try d.address())
            wadSlashed.append(try d.uint())
            magnitudeBefore.append(Magnitude(currentWad: try d.u64(), maxWad: try d.u64()))
            magnitudeAfter.append(Magnitude(currentWad: try d.u64(), maxWad: try d.u64()))
            sharesBefore.append(try d.uint())
            sharesAfter.append(try d.uint())
        }
    }
}

extension StateDisputeResolver {
    /// Canonical bytes of the live part: configuration, open challenges, balances (resolved
    /// challenges are in the archive).
    func encode(into e: inout CanonicalEncoder) {
        e.u32(operatorSetId)
        e.count(strategies.count)
        for s in strategies { e.address(s) }
        e.uint(slashAmountWad)
        let open: (Challenge) -> Bool = { $0.resolution == nil }
        e.map(challenges, where: open) { e, id, c in
            e.word(id)
            c.encode(into: &e)
        }
        e.map(claimableWei) { e, a, v in
            e.address(a)
            e.uint(v)
        }
        e.map(claimedWei) { e, a, v in
            e.address(a)
            e.uint(v)
        }
        e.uint(treasuryWei)
    }

    /// Reads what ``encode(into:)`` wrote; `resolved` are the ids of the archived challenges (from
    /// the snapshot).
    init(decoding d: inout CanonicalDecoder, resolved: Set<Word>) throws(CanonicalDecoder.Error) {
        operatorSetId = try d.u32()
        strategies = try d.array { (d) throws(CanonicalDecoder.Error) in try d.address() }
        slashAmountWad = try d.uint()
        resolvedChallengeIds = resolved
        challenges = try d.map { (d) throws(CanonicalDecoder.Error) in
            let id = try d.word()
            return (id, try Challenge(decoding: &d, id: id))
        }
        for (id, challenge) in challenges
        where challenge.resolution != nil || resolved.contains(id) {
            throw .init("challenge \(id) is resolved but outside the archive, or in both")
        }
        claimableWei = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.uint())
        }
        claimedWei = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.uint())
        }
        treasuryWei = try d.uint()
    }
}

import Ethereum

/// Rebuilding a state from its canonical encoding (a snapshot), field for field in the order
/// ``LedgerState/canonicalEncoding()`` writes them. Re-encoding the result gives the same bytes.
extension LedgerState {
    ///
    /// `archiveHash`, called once the archive is decoded, may return a Keccak-256 sponge that has
    /// absorbed these bytes up to the archive's end (``StateArchive/length(ofCanonical:)``), hashed
    /// elsewhere; otherwise that prefix is hashed here.
    public init(canonical bytes: [UInt8], archiveHash: () -> (sponge: Keccak256, length: Int)? = { nil }) throws(CanonicalDecoder.Error) {
        var d = CanonicalDecoder(bytes)
        self.init()
        try Self.decodeHeader(&d)
        var archived = 0, lastSequence: UInt64?
        while true {
            let at = d.index
            let raw = try d.u8()
            guard let kind = StateArchive.Kind(rawValue: raw) else { throw .init("byte \(at): archive record kind \(raw)") }
            if kind == .end {
                if let hashed = archiveHash(), hashed.length == at {
                    archive = StateArchive(sponge: hashed.sponge, records: archived, byteCount: at)
                } else {
                    var sponge = Keccak256()
                    bytes.withUnsafeBytes { sponge.update(UnsafeRawBufferPointer(rebasing: $0[..<at])) }
                    archive = StateArchive(sponge: sponge, records: archived, byteCount: at)
                }
                break
            }
            let length = Int(try d.u32()), start = d.index
            let record: StateArchive.Record
            switch kind {
            case .challenge:
                let id = try d.word()
                let challenge = try Self.decodeChallenge(&d, id: id)
                guard challenge.resolution != nil else { throw .init("byte \(at): an unresolved challenge in the archive") }
                guard challenges.updateValue(challenge, forKey: id) == nil else { throw .init("byte \(at): challenge \(id) archived twice") }
                record = .challenge(challenge)
            case .rewards:
                let r = try Self.decodeRewards(&d)
                guard rewards.updateValue(r, forKey: r.epoch) == nil else { throw .init("byte \(at): rewards for epoch \(r.epoch) archived twice") }
                record = .rewards(r)
            case .end:
                preconditionFailure("handled above")
            }
            guard d.index - start == length else { throw .init("byte \(at): archive record of \(d.index - start) bytes, header says \(length)") }
            guard lastSequence.map({ $0 < record.sequence }) ?? true else { throw .init("byte \(at): archive records out of log order") }
            lastSequence = record.sequence
            archived += 1
        }
        if try d.bool() {
            let g = try Self.decodeGenesis(&d)
            genesis = g
            clock = try? g.clock()
            resolverDomainSeparator = g.resolverDomain.separator
        }
        currentEpoch = try d.u32()
        for (chain, block) in try d.map({ (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.u64()) }) {
            lastBlock[chain] = block
        }
        try d.tag("delegation")
        shares = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) })
        }
        try d.tag("avs-directory")
        avsRegistered = try d.set { (d) throws(CanonicalDecoder.Error) in try d.address() }
        spentSalts = try d.set { (d) throws(CanonicalDecoder.Error) in OperatorSalt(operator: try d.address(), salt: try d.word()) }
        try d.tag("stake-registry")
        registry = try Self.decodeRegistry(&d)
        try d.tag("epoch-manager")
        queue = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.u32(), try d.array { (d) throws(CanonicalDecoder.Error) in
                let raw = try d.u8()
                guard let type = MessageType(rawValue: raw) else { throw .init("message type \(raw)") }
                let sequence = try d.u64()
                return StateUpdate(type: type, data: try d.data(), sequence: sequence)
            })
        }
        try d.tag("registry-state-sender")
        bridges = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), BridgeRoute(bridge: try d.address(), receiver: try d.address())) }
        sentBatches = try d.map { (d) throws(CanonicalDecoder.Error) in (BatchKey(epoch: try d.u32(), chainId: try d.u64()), try d.word()) }
        missedBatches = try d.set { (d) throws(CanonicalDecoder.Error) in BatchKey(epoch: try d.u32(), chainId: try d.u64()) }
        bridgeNonces = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.u64()) }
        try d.tag("abridge")
        messages = try d.map { (d) throws(CanonicalDecoder.Error) in
            let guid = try d.word()
            let source = try d.u64(), destination = try d.u64(), from = try d.address(), to = try d.address()
            let payload = try d.data(), payloadHash = try d.word(), fee = try d.uint(), surplus = try d.uint(), sent = try d.u64()
            let delivered = try d.bool(), sequence = try d.u64()
            let deliveredSequence = try d.optional(delivered, sequence, isZero: { $0 == 0 })
            var message = BridgeMessage(sourceChainId: source, destinationChainId: destination, from: from, to: to, payload: payload,
                                        fee: fee, surplus: surplus, sentSequence: sent, deliveredSequence: deliveredSequence)
            message.payloadHash = payloadHash
            return (guid, message)
        }
        try d.tag("replicas")
        replicas = try d.map { (d) throws(CanonicalDecoder.Error) in
            let chain = try d.u64()
            return (chain, try Self.decodeReplica(&d, chain: chain))
        }
        try d.tag("state-manager")
        histories = try d.map { (d) throws(CanonicalDecoder.Error) in
            let key = HistoryKey(chainId: try d.u64(), user: try d.address(), key: try d.uint())
            return (key, try d.array { (d) throws(CanonicalDecoder.Error) in
                History(value: try d.uint(), blockNumber: try d.u64(), timestamp: try d.u64(), sequence: try d.u64())
            })
        }
        try d.tag("tasks")
        tasks = try d.map { (d) throws(CanonicalDecoder.Error) in
            let id = try d.word(), slot = try Self.decodeSlot(&d), created = try d.u64()
            var task = TaskRecord(slot: slot, createdSequence: created, expiresAtBlock: try d.u64())
            task.responses = try d.map { (d) throws(CanonicalDecoder.Error) in
                let op = try d.address()
                return (op, TaskRecord.Response(value: try d.uint(), signature: try d.signature(), signingKey: try d.address(),
                                                epoch: try d.u32(), sequence: try d.u64()))
            }
            return (id, task)
        }
        acceptedResponses = try d.map { (d) throws(CanonicalDecoder.Error) in (EpochOperator(epoch: try d.u32(), operator: try d.address()), try d.u64()) }
        try d.tag("verifiers")
        remoteVerifierContracts = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.address()) }
        remoteVerifiers = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.address()) }
        verifierGuids = try d.set { (d) throws(CanonicalDecoder.Error) in try d.word() }
        verifiedStates = try d.map { (d) throws(CanonicalDecoder.Error) in
            (VerifiedKey(chainId: try d.u64(), user: try d.address(), key: try d.uint(), blockNumber: try d.u64()),
             VerifiedState(value: try d.uint(), sequence: try d.u64(), guid: try d.word()))
        }
        try d.tag("dispute-resolver")
        slashing.operatorSetId = try d.u32()
        slashing.strategies = try d.array { (d) throws(CanonicalDecoder.Error) in try d.address() }
        slashing.slashAmount = try d.uint()
        let open = try d.map { (d) throws(CanonicalDecoder.Error) in
            let id = try d.word()
            return (id, try Self.decodeChallenge(&d, id: id))
        }
        for (id, challenge) in open {
            guard challenge.resolution == nil, challenges.updateValue(challenge, forKey: id) == nil else {
                throw .init("challenge \(id) is resolved but outside the archive, or in both")
            }
        }
        claimable = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) }
        claimed = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) }
        treasury = try d.uint()
        magnitudes = try d.map { (d) throws(CanonicalDecoder.Error) in
            (try d.address(), try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), Magnitude(current: try d.u64(), max: try d.u64())) })
        }
        try d.tag("rewards")
        rewardsNonce = try d.u64()
        guard d.atEnd else { throw .init("\(bytes.count - d.index) bytes after the state") }
    }

    static func decodeHeader(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        try d.tag("spotted-ledger-state/2")
    }

    static func decodeRewards(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) -> RewardsRecord {
        let epoch = try d.u32(), token = try d.address(), amount = try d.uint(), start = try d.u32(), duration = try d.u32()
        let strategies = try d.array { (d) throws(CanonicalDecoder.Error) in StrategyParams(strategy: try d.address(), multiplier: try d.uint()) }
        let scores = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) }
        let split = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.uint()) }
        return RewardsRecord(epoch: epoch, token: token, amount: amount, startTimestamp: start, duration: duration,
                             strategiesAndMultipliers: strategies, scores: scores, split: split, remainderTo: try d.address(),
                             nonce: try d.u64(), submissionHash: try d.word(), sequence: try d.u64())
    }

    static func decodeGenesis(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) -> LedgerGenesis {
        let chain = try d.u64(), block = try d.u64(), length = try d.u64(), grace = try d.u64()
        let avs = try d.address(), manager = try d.address(), resolver = try d.address(), owner = try d.address()
        let sender = try d.address(), fee = try d.uint(), abridge = try d.address(), verifier = try d.address()
        let bond = try d.uint(), window = try d.u64(), slash = try d.uint()
        let quorum = try decodeQuorum(&d)
        return LedgerGenesis(mainChainId: chain, genesisBlock: block, epochLengthBlocks: length, gracePeriodBlocks: grace, avsDirectory: avs,
                             serviceManager: manager, resolver: resolver, owner: owner, registryStateSender: sender, bridgeFee: fee,
                             mainAbridge: abridge, mainChainVerifier: verifier, challengeBond: bond, challengeWindowBlocks: window,
                             slashAmount: slash, quorum: quorum, thresholdWeight: try d.uint(), minimumWeight: try d.uint())
    }

    static func decodeQuorum(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) -> Quorum {
        Quorum(strategies: try d.array { (d) throws(CanonicalDecoder.Error) in StrategyParams(strategy: try d.address(), multiplier: try d.uint()) })
    }

    static func decodeSlot(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) -> StateSlot {
        StateSlot(user: try d.address(), chainId: try d.u32(), blockNumber: try d.u64(), timestamp: try d.u64(), key: try d.uint())
    }

    static func decodeRegistry(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) -> StakeRegistryState {
        var r = StakeRegistryState()
        r.quorum = try decodeQuorum(&d)
        r.quorumHistory = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try decodeQuorum(&d) }
        r.minimumWeight = try d.uint()
        r.minimumWeightHistory = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
        let total = try d.u64()
        guard let totalOperators = Int(exactly: total) else { throw .init("byte \(d.index - 8): operator count \(total)") }
        r.totalOperators = totalOperators
        r.operators = try d.map { (d) throws(CanonicalDecoder.Error) in
            let op = try d.address()
            var record = OperatorRecord()
            record.registered = try d.bool()
            record.status = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.bool() }
            record.signingKey = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.address() }
            record.p2pKey = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.address() }
            record.weight = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
            return (op, record)
        }
        r.signingKeyOperator = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.address()) }
        r.totalWeight = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
        r.threshold = try d.checkpoints { (d) throws(CanonicalDecoder.Error) in try d.uint() }
        return r
    }

    static func decodeReplica(_ d: inout CanonicalDecoder, chain: UInt64) throws(CanonicalDecoder.Error) -> ReplicaState {
        var r = ReplicaState(chainId: chain, abridge: try d.address(), receiver: try d.address(), sender: try d.address())
        r.registry = try decodeRegistry(&d)
        let hasEpoch = try d.bool(), epoch = try d.u32()
        r.lastAppliedEpoch = try d.optional(hasEpoch, epoch, isZero: { $0 == 0 })
        r.appliedBatches = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u32(), try d.u64()) }
        r.gaps = try d.array { (d) throws(CanonicalDecoder.Error) in try d.u32() }
        r.processedGuids = try d.set { (d) throws(CanonicalDecoder.Error) in try d.word() }
        return r
    }

    static func decodeChallenge(_ d: inout CanonicalDecoder, id: Word) throws(CanonicalDecoder.Error) -> Challenge {
        let slot = try decodeSlot(&d)
        let claim = slot.claim(try d.uint())
        let challenger = try d.address(), bond = try d.uint()
        let pairs = try d.array { (d) throws(CanonicalDecoder.Error) in (try d.address(), try d.address()) }
        let signatures = try d.array { (d) throws(CanonicalDecoder.Error) in try d.data() }
        var c = Challenge(id: id, claim: claim, challenger: challenger, bond: bond, operators: pairs.map(\.0), signers: pairs.map(\.1),
                          signatures: signatures, submittedSequence: try d.u64(), deadlineBlock: try d.u64(), resolution: nil)
        if try d.bool() {
            let successful = try d.bool()
            let ruleText = try d.string()
            guard let rule = Challenge.Resolution.Rule(rawValue: ruleText) else { throw .init("unknown resolution rule") }
            let sequence = try d.u64()
            let hasVerified = try d.bool(), value = try d.uint(), verifiedSequence = try d.u64(), guid = try d.word()
            let verified = try d.optional(hasVerified, VerifiedState(value: value, sequence: verifiedSequence, guid: guid),
                                          isZero: { $0.value.isZero && $0.sequence == 0 && $0.guid.isZero })
            let slashes = try d.array { (d) throws(CanonicalDecoder.Error) in
                let op = try d.address(), setId = try d.u32(), wad = try d.uint(), before = try d.uint(), after = try d.uint()
                let effective = try d.u32(), description = try d.string()
                var s = SlashRecord(operator: op, operatorSetId: setId, strategies: [], wadToSlash: wad, wadSlashed: [], magnitudeBefore: [],
                                    magnitudeAfter: [], sharesBefore: [], sharesAfter: [], weightBefore: before, weightAfter: after,
                                    effectiveEpoch: effective, description: description)
                let n = try d.count()
                for _ in 0..<n {
                    s.strategies.append(try d.address()); s.wadSlashed.append(try d.uint())
                    s.magnitudeBefore.append(Magnitude(current: try d.u64(), max: try d.u64()))
                    s.magnitudeAfter.append(Magnitude(current: try d.u64(), max: try d.u64()))
                    s.sharesBefore.append(try d.uint()); s.sharesAfter.append(try d.uint())
                }
                return s
            }
            c.resolution = Challenge.Resolution(successful: successful, rule: rule,
                                                verified: verified,
                                                sequence: sequence, slashes: slashes)
        }
        return c
    }
}

import Ethereum

/// The state as bytes: the canonical encoding is the header, the archive in log order, then the
/// live state of the ledger and of each contract in a fixed order, every collection in ascending
/// key order. The state holds the archive's running hash only (its records are in the ledger's
/// store), so it writes the live part, and snapshots (``snapshotEncoding()``) carry the hash.
extension LedgerState {
    /// Keccak-256 of the canonical encoding: equal for equal states on any machine. Continues from
    /// the archive's running hash and absorbs the live state as it is encoded, so a root costs the
    /// live state's bytes, not the history's.
    public var root: Word {
        var e = CanonicalEncoder.hashing(from: archive.hasher)
        encodeLive(into: &e)
        return e.finalizeHash()
    }

    /// The state as a snapshot: the archive's running hash and counts, the replay guards that
    /// stand for the archived records (resolved challenge ids, rewarded epochs), then the live
    /// part of the canonical encoding, from the archive's end marker on. The root is the sponge
    /// continued over the live part (``snapshotRoot(of:)``), the same root as ``root``.
    public func snapshotEncoding() -> [UInt8] {
        var e = CanonicalEncoder()
        e.tag("spotted-ledger-snapshot/1")
        archive.encodeSnapshot(into: &e)
        e.set(stateDisputeResolver.resolvedChallengeIds) { e, id in e.word(id) }
        e.set(rewardsCoordinator.rewardedEpochs) { e, epoch in e.u32(epoch) }
        encodeLive(into: &e)
        return e.bytes
    }

    /// The root of the state a ``snapshotEncoding()`` holds, and the bytes of its live part,
    /// from the bytes alone (the live part is hashed, not decoded).
    public static func snapshotRoot(of bytes: [UInt8]) throws(CanonicalDecoder.Error) -> (
        root: Word, liveBytes: Int
    ) {
        var d = CanonicalDecoder(bytes)
        let archive = try decodeSnapshotPrefix(&d).archive
        var sponge = archive.hasher
        let live = bytes.count - d.index
        bytes.withUnsafeBytes { sponge.update(UnsafeRawBufferPointer(rebasing: $0[d.index...])) }
        return (sponge.finalize(), live)
    }

    /// The bytes of a snapshot's live part (what a root check hashes), from its prefix alone.
    public static func snapshotLiveBytes(of bytes: [UInt8]) throws(CanonicalDecoder.Error) -> Int {
        var d = CanonicalDecoder(bytes)
        _ = try decodeSnapshotPrefix(&d)
        return bytes.count - d.index
    }

    /// Reads a snapshot's tag, archive and replay guards, up to its live part.
    private static func decodeSnapshotPrefix(_ d: inout CanonicalDecoder)
        throws(CanonicalDecoder.Error) -> (
            archive: StateArchive, resolved: Set<Word>, rewarded: Set<UInt32>
        )
    {
        try d.tag("spotted-ledger-snapshot/1")
        let archive = try StateArchive(decodingSnapshot: &d)
        let resolved = try d.set { (d) throws(CanonicalDecoder.Error) in try d.word() }
        let rewarded = try d.set { (d) throws(CanonicalDecoder.Error) in try d.u32() }
        guard resolved.count + rewarded.count == archive.records else {
            throw .init(
                "\(resolved.count) resolved challenges and \(rewarded.count) rewarded epochs, but \(archive.records) archived records"
            )
        }
        return (archive, resolved, rewarded)
    }

    /// The encoding's first bytes: its format tag.
    static func encodeHeader(into e: inout CanonicalEncoder) {
        e.tag("spotted-ledger-state/3")
    }

    /// Checks the format tag.
    static func decodeHeader(_ d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        try d.tag("spotted-ledger-state/3")
    }

    /// Everything after the archive, starting with its end marker: the ledger's own fields, then
    /// each contract's slice behind its tag.
    private func encodeLive(into e: inout CanonicalEncoder) {
        e.u8(StateArchive.Kind.end.rawValue)
        e.bool(genesis != nil)
        genesis?.encode(into: &e)
        e.count(lastBlock.count)
        for (chain, block) in lastBlock {
            e.u64(chain)
            e.u64(block)
        }
        e.tag("epoch-manager")
        epochManager.encode(into: &e)
        e.tag("delegation-manager")
        delegationManager.encode(into: &e)
        e.tag("avs-directory")
        avsDirectory.encode(into: &e)
        e.tag("stake-registry")
        stakeRegistry.encode(into: &e)
        e.tag("registry-state-sender")
        registryStateSender.encode(into: &e)
        e.tag("abridge")
        abridge.encode(into: &e)
        e.tag("light-stake-registries")
        e.map(replicas) { e, chain, replica in
            e.u64(chain)
            replica.encode(into: &e)
        }
        e.tag("state-manager")
        stateManager.encode(into: &e)
        e.tag("tasks")
        tasks.encode(into: &e)
        e.tag("remote-chain-verifier")
        remoteChainVerifier.encode(into: &e)
        e.tag("main-chain-verifier")
        mainChainVerifier.encode(into: &e)
        e.tag("state-dispute-resolver")
        stateDisputeResolver.encode(into: &e)
        e.tag("allocation-manager")
        allocationManager.encode(into: &e)
        e.tag("rewards-coordinator")
        rewardsCoordinator.encode(into: &e)
    }

    /// The bytes each contract's slice adds to the canonical encoding (and the archive's), largest
    /// first: where a state's size goes.
    public func encodedBytesByContract() -> [(name: String, bytes: Int)] {
        func size(_ encode: (inout CanonicalEncoder) -> Void) -> Int {
            var e = CanonicalEncoder()
            encode(&e)
            return e.bytes.count
        }
        var parts: [(name: String, bytes: Int)] = [
            ("EpochManager", size(epochManager.encode)),
            ("DelegationManager", size(delegationManager.encode)),
            ("AVSDirectory", size(avsDirectory.encode)),
            ("ECDSAStakeRegistry", size(stakeRegistry.encode)),
            ("RegistryStateSender", size(registryStateSender.encode)),
            ("Abridge", size(abridge.encode)),
            ("StateManager", size(stateManager.encode)), ("Tasks", size(tasks.encode)),
            ("RemoteChainVerifier", size(remoteChainVerifier.encode)),
            ("MainChainVerifier", size(mainChainVerifier.encode)),
            ("StateDisputeResolver", size(stateDisputeResolver.encode)),
            ("AllocationManager", size(allocationManager.encode)),
            ("RewardsCoordinator", size(rewardsCoordinator.encode)), ("archive", archive.byteCount),
        ]
        parts.append(
            (
                "LightStakeRegistry",
                size { e in for replica in replicas.values { replica.encode(into: &e) } }
            ))
        return parts.sorted { $0.bytes > $1.bytes }
    }

    /// Rebuilds a state from a ``snapshotEncoding()``, field for field in the order it writes
    /// them. Re-encoding a decoded snapshot gives the same bytes.
    public init(snapshot bytes: [UInt8]) throws(CanonicalDecoder.Error) {
        var d = CanonicalDecoder(bytes)
        self.init()
        let prefix = try Self.decodeSnapshotPrefix(&d)
        archive = prefix.archive
        let at = d.index
        guard try d.u8() == StateArchive.Kind.end.rawValue else {
            throw .init("byte \(at): the live part does not start with the archive's end marker")
        }
        if try d.bool() {
            let g = try LedgerGenesis(decoding: &d)
            genesis = g
            clock = try? g.clock()
            resolverDomainSeparator = g.resolverDomain.separator
        }
        for (chain, block) in try d.map({ (d) throws(CanonicalDecoder.Error) in
            (try d.u64(), try d.u64())
        }) {
            lastBlock[chain] = block
        }
        try decodeSlices(&d, resolved: prefix.resolved, rewarded: prefix.rewarded)
        guard d.atEnd else { throw .init("\(bytes.count - d.index) bytes after the state") }
    }

    /// Each contract's slice, in ``encodeLive(into:)``'s order.
    private mutating func decodeSlices(
        _ d: inout CanonicalDecoder, resolved: Set<Word>, rewarded: Set<UInt32>
    ) throws(CanonicalDecoder.Error) {
        try d.tag("epoch-manager")
        epochManager = try EpochManager(decoding: &d)
        try d.tag("delegation-manager")
        delegationManager = try DelegationManager(decoding: &d)
        try d.tag("avs-directory")
        avsDirectory = try AVSDirectory(decoding: &d)
        try d.tag("stake-registry")
        stakeRegistry = try StakeRegistry(decoding: &d)
        try d.tag("registry-state-sender")
        registryStateSender = try RegistryStateSender(decoding: &d)
        try d.tag("abridge")
        abridge = try Abridge(decoding: &d)
        try d.tag("light-stake-registries")
        replicas = try d.map { (d) throws(CanonicalDecoder.Error) in
            let chain = try d.u64()
            return (chain, try LightStakeRegistry(decoding: &d, chain: chain))
        }
        try d.tag("state-manager")
        stateManager = try StateManager(decoding: &d)
        try d.tag("tasks")
        tasks = try Tasks(decoding: &d)
        try d.tag("remote-chain-verifier")
        remoteChainVerifier = try RemoteChainVerifier(decoding: &d)
        try d.tag("main-chain-verifier")
        mainChainVerifier = try MainChainVerifier(decoding: &d)
        try d.tag("state-dispute-resolver")
        stateDisputeResolver = try StateDisputeResolver(decoding: &d, resolved: resolved)
        try d.tag("allocation-manager")
        allocationManager = try AllocationManager(decoding: &d)
        try d.tag("rewards-coordinator")
        rewardsCoordinator = RewardsCoordinator(rewardedEpochs: rewarded, nonce: try d.u64())
    }
}

extension LedgerGenesis {
    /// Canonical bytes of the genesis parameters.
    func encode(into e: inout CanonicalEncoder) {
        e.u64(mainChainId)
        e.u64(genesisBlock)
        e.u64(epochLengthBlocks)
        e.u64(gracePeriodBlocks)
        e.address(avsDirectory)
        e.address(serviceManager)
        e.address(resolver)
        e.address(owner)
        e.address(registryStateSender)
        e.uint(bridgeFeeWei)
        e.address(mainAbridge)
        e.address(mainChainVerifier)
        e.uint(challengeBondWei)
        e.u64(challengeWindowBlocks)
        e.uint(slashAmountWad)
        quorum.encode(into: &e)
        e.uint(thresholdWeight)
        e.uint(minimumWeight)
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        let chain = try d.u64()
        let block = try d.u64()
        let length = try d.u64()
        let grace = try d.u64()
        let avs = try d.address()
        let manager = try d.address()
        let resolver = try d.address()
        let owner = try d.address()
        let sender = try d.address()
        let fee = try d.uint()
        let abridge = try d.address()
        let verifier = try d.address()
        let bond = try d.uint()
        let window = try d.u64()
        let slash = try d.uint()
        let quorum = try Quorum(decoding: &d)
        self.init(
            mainChainId: chain, genesisBlock: block, epochLengthBlocks: length,
            gracePeriodBlocks: grace,
            avsDirectory: avs, serviceManager: manager, resolver: resolver, owner: owner,
            registryStateSender: sender, bridgeFeeWei: fee, mainAbridge: abridge,
            mainChainVerifier: verifier,
            challengeBondWei: bond, challengeWindowBlocks: window, slashAmountWad: slash,
            quorum: quorum,
            thresholdWeight: try d.uint(), minimumWeight: try d.uint())
    }
}

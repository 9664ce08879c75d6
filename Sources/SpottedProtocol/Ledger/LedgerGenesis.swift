import Ethereum

/// The parameters a ledger is born with: the first event of every log (DESIGN "epochs").
public struct LedgerGenesis: Hashable, Sendable {
    /// The main chain's id (EpochManager and the ECDSAStakeRegistry live there).
    public var mainChainId: UInt64
    /// The main-chain block of epoch 0's start (the spec's `GENESIS_BLOCK`).
    public var genesisBlock: UInt64
    /// Blocks per epoch (the spec's `EPOCH_LENGTH`).
    public var epochLengthBlocks: UInt64
    /// Blocks at the end of an epoch during which updates are held for the next one (the spec's
    /// `GRACE_PERIOD`).
    public var gracePeriodBlocks: UInt64
    /// The EigenLayer AVSDirectory: verifying contract of the registration digest.
    public var avsDirectory: Address
    /// The AVS identity (SpottedServiceManager): the `avs` field of the registration digest.
    public var serviceManager: Address
    /// The StateDisputeResolver: verifying contract of the signed `State` claims.
    public var resolver: Address
    /// The owner of every `onlyOwner` function.
    public var owner: Address
    /// The RegistryStateSender: the `from` of every state-update bridge message.
    public var registryStateSender: Address
    /// The fee the Abridge quotes for one message (the spec's mock: 0.01 ether).
    public var bridgeFeeWei: UInt256
    /// The Abridge on the main chain (delivers verification results) and the MainChainVerifier.
    public var mainAbridge: Address
    /// The MainChainVerifier: receives verification results from remote chains.
    public var mainChainVerifier: Address
    /// StateDisputeResolver: bond per challenge, blocks a challenge stays open without a verified
    /// state, and the initial slash amount in WAD.
    public var challengeBondWei: UInt256
    /// Blocks a challenge stays open without a verified state before it can be resolved.
    public var challengeWindowBlocks: UInt64
    /// The initial share slashed when a challenge succeeds, in WAD (1e18 = 100 %).
    public var slashAmountWad: UInt256
    /// The initial quorum of the stake registry (and of every replica).
    public var quorum: Quorum
    /// The initial stake threshold, in weight.
    public var thresholdWeight: UInt256
    /// The initial minimum weight an operator needs to count.
    public var minimumWeight: UInt256

    /// Creates genesis parameters; contract addresses, fees and bonds default to the spec's mocks.
    public init(
        mainChainId: UInt64, genesisBlock: UInt64,
        epochLengthBlocks: UInt64 = EpochClock.defaultEpochLengthBlocks,
        gracePeriodBlocks: UInt64 = EpochClock.defaultGracePeriodBlocks,
        avsDirectory: Address, serviceManager: Address, resolver: Address, owner: Address,
        registryStateSender: Address = LedgerGenesis.defaultRegistryStateSender,
        bridgeFeeWei: UInt256 = LedgerGenesis.defaultBridgeFeeWei,
        mainAbridge: Address = LedgerGenesis.defaultMainAbridge,
        mainChainVerifier: Address = LedgerGenesis.defaultMainChainVerifier,
        challengeBondWei: UInt256 = LedgerGenesis.defaultChallengeBondWei,
        challengeWindowBlocks: UInt64 = 7_200,
        slashAmountWad: UInt256 = LedgerGenesis.defaultSlashAmountWad,
        quorum: Quorum, thresholdWeight: UInt256, minimumWeight: UInt256
    ) {
        self.mainChainId = mainChainId
        self.genesisBlock = genesisBlock
        self.epochLengthBlocks = epochLengthBlocks
        self.gracePeriodBlocks = gracePeriodBlocks
        self.avsDirectory = avsDirectory
        self.serviceManager = serviceManager
        self.resolver = resolver
        self.owner = owner
        self.registryStateSender = registryStateSender
        self.bridgeFeeWei = bridgeFeeWei
        self.mainAbridge = mainAbridge
        self.mainChainVerifier = mainChainVerifier
        self.challengeBondWei = challengeBondWei
        self.challengeWindowBlocks = challengeWindowBlocks
        self.slashAmountWad = slashAmountWad
        self.quorum = quorum
        self.thresholdWeight = thresholdWeight
        self.minimumWeight = minimumWeight
    }

    /// The default RegistryStateSender address (derived from a fixed name).
    public static let defaultRegistryStateSender = Address(
        lowBytesOf: Keccak256.hash("spotted/RegistryStateSender"))
    /// The default Abridge fee per message: 0.01 ether, in wei.
    public static let defaultBridgeFeeWei = UInt256(10_000_000_000_000_000)  // 0.01 ether
    /// The default main-chain Abridge address (derived from a fixed name).
    public static let defaultMainAbridge = Address(
        lowBytesOf: Keccak256.hash("spotted/Abridge/main"))
    /// The default MainChainVerifier address (derived from a fixed name).
    public static let defaultMainChainVerifier = Address(
        lowBytesOf: Keccak256.hash("spotted/MainChainVerifier"))
    /// The default challenge bond: 1 ether, in wei.
    public static let defaultChallengeBondWei = UInt256(1_000_000_000_000_000_000)  // 1 ether
    /// The default slash amount: 0.1 WAD (10 %).
    public static let defaultSlashAmountWad = UInt256(100_000_000_000_000_000)  // 10% (0.1 WAD)
    /// One WAD: 1e18, the fixed-point unit of slash amounts and magnitudes.
    public static let wad = UInt256(1_000_000_000_000_000_000)

    /// The constructor checks of the original contracts this genesis deploys, in deployment order:
    /// `Ownable(owner)` (OZ v5), MainChainVerifier (its Abridge), RemoteChainVerifier (main chain id
    /// and main verifier). The original constructors check nothing else.
    public func checkDeployment() throws(ProtocolError) {
        guard !owner.isZero else { throw .ledger(.ownableInvalidOwner(owner)) }
        guard !mainAbridge.isZero else {
            throw .mainChainVerifier(.invalidResponse("mainAbridge must be non-zero"))
        }
        guard mainChainId != 0 else { throw .remoteChainVerifier(.invalidMainChainId) }
        guard !mainChainVerifier.isZero else {
            throw .remoteChainVerifier(.invalidResponse("mainChainVerifier must be non-zero"))
        }
    }

    /// `onlyOwner`: refuses any sender but the genesis owner.
    public func requireOwner(_ ctx: EventContext) throws(ProtocolError) {
        guard ctx.sender == owner else { throw .ledger(.ownableUnauthorizedAccount(ctx.sender)) }
    }

    /// The epoch clock these parameters define.
    public func clock() throws(ProtocolError) -> EpochClock {
        do {
            return try EpochClock(
                genesisBlock: genesisBlock, epochLengthBlocks: epochLengthBlocks,
                gracePeriodBlocks: gracePeriodBlocks)
        } catch {
            throw .ledger(.invalidGenesis(error.description))
        }
    }

    /// The AVSDirectory EIP-712 domain (EigenLayer v1.0–v1.2 style: no version field).
    public var avsDirectoryDomain: EIP712.Domain {
        EIP712.Domain(
            name: "EigenLayer", chainId: UInt256(mainChainId), verifyingContract: avsDirectory)
    }

    /// The resolver's domain, under which operators sign `State` claims.
    public var resolverDomain: EIP712.Domain {
        StateClaim.resolverDomain(chainId: UInt256(mainChainId), resolver: resolver)
    }
}

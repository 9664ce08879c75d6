import Ethereum

/// The parameters a ledger is born with: the first event of every log (DESIGN "epochs").
public struct LedgerGenesis: Hashable, Sendable {
    public var mainChainId: UInt64
    public var genesisBlock: UInt64
    public var epochLengthBlocks: UInt64
    public var gracePeriodBlocks: UInt64
    /// The EigenLayer AVSDirectory: verifying contract of the registration digest.
    public var avsDirectory: Address
    /// The AVS identity (SpottedServiceManager): the `avs` field of the registration digest.
    public var serviceManager: Address
    /// The StateDisputeResolver: verifying contract of the signed `State` claims.
    public var resolver: Address
    public var owner: Address
    /// The RegistryStateSender: the `from` of every state-update bridge message.
    public var registryStateSender: Address
    /// The fee the Abridge quotes for one message (the spec's mock: 0.01 ether).
    public var bridgeFeeWei: UInt256
    /// The Abridge on the main chain (delivers verification results) and the MainChainVerifier.
    public var mainAbridge: Address
    public var mainChainVerifier: Address
    /// StateDisputeResolver: bond per challenge, blocks a challenge stays open without a verified
    /// state, and the initial slash amount in WAD.
    public var challengeBondWei: UInt256
    public var challengeWindowBlocks: UInt64
    public var slashAmountWad: UInt256
    public var quorum: Quorum
    public var thresholdWeight: UInt256
    public var minimumWeight: UInt256

    public init(mainChainId: UInt64, genesisBlock: UInt64,
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
                quorum: Quorum, thresholdWeight: UInt256, minimumWeight: UInt256) {
        self.mainChainId = mainChainId; self.genesisBlock = genesisBlock
        self.epochLengthBlocks = epochLengthBlocks; self.gracePeriodBlocks = gracePeriodBlocks
        self.avsDirectory = avsDirectory; self.serviceManager = serviceManager; self.resolver = resolver
        self.owner = owner; self.registryStateSender = registryStateSender; self.bridgeFeeWei = bridgeFeeWei
        self.mainAbridge = mainAbridge; self.mainChainVerifier = mainChainVerifier
        self.challengeBondWei = challengeBondWei; self.challengeWindowBlocks = challengeWindowBlocks; self.slashAmountWad = slashAmountWad
        self.quorum = quorum
        self.thresholdWeight = thresholdWeight; self.minimumWeight = minimumWeight
    }

    public static let defaultRegistryStateSender = Address(lowBytesOf: Keccak256.hash("spotted/RegistryStateSender"))
    public static let defaultBridgeFeeWei = UInt256(10_000_000_000_000_000)  // 0.01 ether
    public static let defaultMainAbridge = Address(lowBytesOf: Keccak256.hash("spotted/Abridge/main"))
    public static let defaultMainChainVerifier = Address(lowBytesOf: Keccak256.hash("spotted/MainChainVerifier"))
    public static let defaultChallengeBondWei = UInt256(1_000_000_000_000_000_000)  // 1 ether
    public static let defaultSlashAmountWad = UInt256(100_000_000_000_000_000)      // 10% (0.1 WAD)
    public static let wad = UInt256(1_000_000_000_000_000_000)

    /// `onlyOwner`: refuses any sender but the genesis owner.
    public func requireOwner(_ ctx: EventContext) throws(ProtocolError) {
        guard ctx.sender == owner else { throw .ledger(.ownableUnauthorizedAccount(ctx.sender)) }
    }

    /// The epoch clock these parameters define.
    public func clock() throws(ProtocolError) -> EpochClock {
        do {
            return try EpochClock(genesisBlock: genesisBlock, epochLengthBlocks: epochLengthBlocks, gracePeriodBlocks: gracePeriodBlocks)
        } catch {
            throw .ledger(.invalidGenesis(error.description))
        }
    }

    /// The AVSDirectory EIP-712 domain (EigenLayer v1.0–v1.2 style: no version field).
    public var avsDirectoryDomain: EIP712.Domain {
        EIP712.Domain(name: "EigenLayer", chainId: UInt256(mainChainId), verifyingContract: avsDirectory)
    }

    /// The resolver's domain, under which operators sign `State` claims.
    public var resolverDomain: EIP712.Domain {
        StateClaim.resolverDomain(chainId: UInt256(mainChainId), resolver: resolver)
    }
}

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
    public var bridgeFee: UInt256
    public var quorum: Quorum
    public var thresholdWeight: UInt256
    public var minimumWeight: UInt256

    public init(mainChainId: UInt64, genesisBlock: UInt64,
                epochLengthBlocks: UInt64 = EpochClock.defaultEpochLengthBlocks,
                gracePeriodBlocks: UInt64 = EpochClock.defaultGracePeriodBlocks,
                avsDirectory: Address, serviceManager: Address, resolver: Address, owner: Address,
                registryStateSender: Address = LedgerGenesis.defaultRegistryStateSender,
                bridgeFee: UInt256 = LedgerGenesis.defaultBridgeFee,
                quorum: Quorum, thresholdWeight: UInt256, minimumWeight: UInt256) {
        self.mainChainId = mainChainId; self.genesisBlock = genesisBlock
        self.epochLengthBlocks = epochLengthBlocks; self.gracePeriodBlocks = gracePeriodBlocks
        self.avsDirectory = avsDirectory; self.serviceManager = serviceManager; self.resolver = resolver
        self.owner = owner; self.registryStateSender = registryStateSender; self.bridgeFee = bridgeFee
        self.quorum = quorum
        self.thresholdWeight = thresholdWeight; self.minimumWeight = minimumWeight
    }

    public static let defaultRegistryStateSender = Address(lowBytesOf: Keccak256.hash("spotted/RegistryStateSender"))
    public static let defaultBridgeFee = UInt256(10_000_000_000_000_000)  // 0.01 ether

    /// The epoch clock these parameters define.
    public func clock() throws(ProtocolError) -> EpochClock {
        do {
            return try EpochClock(genesisBlock: genesisBlock, epochLengthBlocks: epochLengthBlocks, gracePeriodBlocks: gracePeriodBlocks)
        } catch {
            throw .invalidGenesis(error.description)
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

/// The EpochManager's block-based clock: `epoch = (block − genesis) / epochLength`, with a grace
/// period over the last `gracePeriod` blocks of each epoch. Every view of EpochManager is here.
public struct EpochClock: Hashable, Sendable {
    /// The main-chain block where epoch 0 starts (`GENESIS_BLOCK`).
    public let genesisBlock: UInt64
    /// Blocks per epoch (`EPOCH_LENGTH`), more than 0.
    public let epochLengthBlocks: UInt64
    /// Blocks at the end of each epoch that form its grace period (`GRACE_PERIOD`), fewer than the
    /// epoch length.
    public let gracePeriodBlocks: UInt64

    /// The contract's `EPOCH_LENGTH`: 45 000 blocks.
    public static let defaultEpochLengthBlocks: UInt64 = 45_000
    /// The contract's `GRACE_PERIOD`: 6 400 blocks.
    public static let defaultGracePeriodBlocks: UInt64 = 6_400

    /// Why clock parameters or a block were refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The epoch length must be more than 0 blocks.
        case invalidEpochLength(UInt64)
        /// The grace period must be shorter than the epoch length.
        case invalidGracePeriod(UInt64, epochLength: UInt64)
        /// A block before the genesis block has no epoch.
        case blockBeforeGenesis(block: UInt64, genesis: UInt64)
        /// The epoch does not fit uint32 (with room for two more).
        case epochOutOfRange(UInt64)

        /// The contract's error name and what was refused.
        public var description: String {
            switch self {
            case .invalidEpochLength(let n):
                "InvalidEpochLength: epoch length must be > 0 (got \(n))"
            case .invalidGracePeriod(let g, let l):
                "InvalidGracePeriod: grace period \(g) must be < epoch length \(l)"
            case .blockBeforeGenesis(let b, let g):
                "InvalidBlock: block \(b) is before the genesis block \(g)"
            case .epochOutOfRange(let e): "InvalidEpoch: epoch \(e) does not fit uint32"
            }
        }
    }

    /// Creates a clock; refuses a zero epoch length or a grace period not shorter than it.
    public init(
        genesisBlock: UInt64, epochLengthBlocks: UInt64 = defaultEpochLengthBlocks,
        gracePeriodBlocks: UInt64 = defaultGracePeriodBlocks
    ) throws(EpochClock.Error) {
        guard epochLengthBlocks > 0 else { throw .invalidEpochLength(epochLengthBlocks) }
        guard gracePeriodBlocks < epochLengthBlocks else {
            throw .invalidGracePeriod(gracePeriodBlocks, epochLength: epochLengthBlocks)
        }
        self.genesisBlock = genesisBlock
        self.epochLengthBlocks = epochLengthBlocks
        self.gracePeriodBlocks = gracePeriodBlocks
    }

    /// `getCurrentEpoch()` at `block`.
    public func epoch(at block: UInt64) throws(EpochClock.Error) -> UInt32 {
        guard block >= genesisBlock else {
            throw .blockBeforeGenesis(block: block, genesis: genesisBlock)
        }
        let epoch = (block - genesisBlock) / epochLengthBlocks
        guard epoch <= UInt64(UInt32.max) - 2 else { throw .epochOutOfRange(epoch) }
        return UInt32(epoch)
    }

    /// `getStartBlockForEpoch(e)`: the first block of epoch `e`.
    public func startBlock(of epoch: UInt32) -> UInt64 {
        genesisBlock &+ epochLengthBlocks &* UInt64(epoch)
    }

    /// `isInGracePeriod()` at `block`: within the last `gracePeriod` blocks of its epoch.
    public func isInGracePeriod(at block: UInt64) throws(EpochClock.Error) -> Bool {
        let epoch = try epoch(at: block)
        return block >= startBlock(of: epoch + 1) - gracePeriodBlocks
    }

    /// `getEffectiveEpochForBlock(b)`: when a registry change made at `block` takes effect —
    /// the next epoch, or the one after it during grace.
    public func effectiveEpoch(at block: UInt64) throws(EpochClock.Error) -> UInt32 {
        let epoch = try epoch(at: block)
        return try isInGracePeriod(at: block) ? epoch + 2 : epoch + 1
    }

    /// `getEpochInterval(e)`: start, first grace block and end (exclusive: the next epoch's start).
    public func interval(of epoch: UInt32) -> (start: UInt64, graceStart: UInt64, end: UInt64) {
        let start = startBlock(of: epoch)
        let end = start &+ epochLengthBlocks
        return (start, end - gracePeriodBlocks, end)
    }

    /// `blocksUntilNextEpoch()` at `block`.
    public func blocksUntilNextEpoch(at block: UInt64) throws(EpochClock.Error) -> UInt64 {
        startBlock(of: try epoch(at: block) + 1) - block
    }

    /// `blocksUntilGracePeriod()` at `block`: 0 once grace has started.
    public func blocksUntilGracePeriod(at block: UInt64) throws(EpochClock.Error) -> UInt64 {
        let graceStart = interval(of: try epoch(at: block)).graceStart
        return block >= graceStart ? 0 : graceStart - block
    }
}

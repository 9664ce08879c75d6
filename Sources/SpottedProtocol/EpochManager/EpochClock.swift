/// The EpochManager's block-based clock: `epoch = (block − genesis) / epochLength`, with a grace
/// period over the last `gracePeriod` blocks of each epoch. Every view of EpochManager is here.
public struct EpochClock: Hashable, Sendable {
    public let genesisBlock: UInt64
    public let epochLengthBlocks: UInt64
    public let gracePeriodBlocks: UInt64

    public static let defaultEpochLengthBlocks: UInt64 = 45_000
    public static let defaultGracePeriodBlocks: UInt64 = 6_400

    /// Why clock parameters or a block were refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case invalidEpochLength(UInt64)
        case invalidGracePeriod(UInt64, epochLength: UInt64)
        case blockBeforeGenesis(block: UInt64, genesis: UInt64)
        case epochOutOfRange(UInt64)

        public var description: String {
            switch self {
            case .invalidEpochLength(let n): "InvalidEpochLength: epoch length must be > 0 (got \(n))"
            case .invalidGracePeriod(let g, let l): "InvalidGracePeriod: grace period \(g) must be < epoch length \(l)"
            case .blockBeforeGenesis(let b, let g): "InvalidBlock: block \(b) is before the genesis block \(g)"
            case .epochOutOfRange(let e): "InvalidEpoch: epoch \(e) does not fit uint32"
            }
        }
    }

    public init(genesisBlock: UInt64, epochLengthBlocks: UInt64 = defaultEpochLengthBlocks,
                gracePeriodBlocks: UInt64 = defaultGracePeriodBlocks) throws(EpochClock.Error) {
        guard epochLengthBlocks > 0 else { throw .invalidEpochLength(epochLengthBlocks) }
        guard gracePeriodBlocks < epochLengthBlocks else { throw .invalidGracePeriod(gracePeriodBlocks, epochLength: epochLengthBlocks) }
        self.genesisBlock = genesisBlock
        self.epochLengthBlocks = epochLengthBlocks
        self.gracePeriodBlocks = gracePeriodBlocks
    }

    /// `getCurrentEpoch()` at `block`.
    public func epoch(at block: UInt64) throws(EpochClock.Error) -> UInt32 {
        guard block >= genesisBlock else { throw .blockBeforeGenesis(block: block, genesis: genesisBlock) }
        let epoch = (block - genesisBlock) / epochLengthBlocks
        guard epoch <= UInt64(UInt32.max) - 2 else { throw .epochOutOfRange(epoch) }
        return UInt32(epoch)
    }

    /// `getStartBlockForEpoch(e)`: the first block of epoch `e`.
    public func startBlock(of epoch: UInt32) -> UInt64 { genesisBlock &+ epochLengthBlocks &* UInt64(epoch) }

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

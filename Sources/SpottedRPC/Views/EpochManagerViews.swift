import Ethereum
import SpottedProtocol

/// The EpochManager views, answered from the clock and the main chain's latest logged block.
enum EpochManagerViews {
    static func call(_ name: String, _ a: ViewArguments, state: LedgerState, genesis: LedgerGenesis)
        throws(CallFailure) -> [ABIValue]?
    {
        guard let clock = state.clock else { return nil }
        let block = state.lastBlock[genesis.mainChainId] ?? genesis.genesisBlock
        let epoch = state.currentEpoch
        let interval = clock.interval(of: epoch)
        do {
            switch name {
            case "currentEpoch", "getCurrentEpoch", "lastUpdatedEpoch":
                return [.uint(UInt256(UInt64(epoch)))]
            case "EPOCH_LENGTH": return [.uint(UInt256(clock.epochLengthBlocks))]
            case "GENESIS_BLOCK": return [.uint(UInt256(clock.genesisBlock))]
            case "GRACE_PERIOD": return [.uint(UInt256(clock.gracePeriodBlocks))]
            case "REGISTRY_STATE_SENDER": return [.address(genesis.registryStateSender)]
            case "owner": return [.address(genesis.owner)]
            case "lastEpochBlock": return [.uint(UInt256(interval.start))]
            case "nextEpochBlock": return [.uint(UInt256(interval.end))]
            case "isInGracePeriod": return [.bool(try clock.isInGracePeriod(at: block))]
            case "blocksUntilNextEpoch":
                return [.uint(UInt256(try clock.blocksUntilNextEpoch(at: block)))]
            case "blocksUntilGracePeriod":
                return [.uint(UInt256(try clock.blocksUntilGracePeriod(at: block)))]
            case "getEffectiveEpoch":
                return [.uint(UInt256(UInt64(try clock.effectiveEpoch(at: block))))]
            case "getEffectiveEpochForBlock":
                return [.uint(UInt256(UInt64(try clock.effectiveEpoch(at: try a.uint64(0)))))]
            case "getEpochInterval":
                let i = clock.interval(of: try a.uint32(0))
                return [
                    .uint(UInt256(i.start)), .uint(UInt256(i.graceStart)), .uint(UInt256(i.end)),
                ]
            case "canAdvanceEpoch": return [.bool(block >= interval.end)]
            default: return nil
            }
        } catch let error as EpochClock.Error {
            throw .refused(.epochManager(.invalidEpochTransition(error.description)))
        } catch let failure as CallFailure {
            throw failure
        } catch {
            throw .notServed(name)
        }
    }
}

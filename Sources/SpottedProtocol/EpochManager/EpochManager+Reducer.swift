import Ethereum

/// Epoch transitions, the update queue and `sendStateUpdates` (spec §3–5; D8, D10).
extension EpochManager {
    /// Marks the start of epoch `next` at `block`: records the batches no chain can receive any
    /// more, and drops the queues whose batches can no longer be sent.
    mutating func transition(
        to next: UInt32, at block: UInt64, _ clock: EpochClock,
        bridgedChains: some Sequence<UInt64>
    ) throws(ProtocolError) {
        guard next == currentEpoch + 1 else {
            throw .epochManager(
                .invalidEpochTransition(
                    "transition to epoch \(next) after epoch \(currentEpoch); expected \(currentEpoch + 1)"
                ))
        }
        // The block's epoch is valid: the common checks computed it.
        guard (try? clock.epoch(at: block)) == next else {
            let epoch = (try? clock.epoch(at: block)).map(String.init) ?? "none"
            throw .epochManager(
                .invalidEpochTransition("block \(block) is in epoch \(epoch), not \(next)"))
        }
        currentEpoch = next
        for chainId in bridgedChains
        where sentBatches[BatchKey(epoch: next, chainId: chainId)] == nil {
            missedBatches.insert(BatchKey(epoch: next, chainId: chainId))
        }
        queue = queue.filter { $0.key > next }  // batches up to `next` can no longer be sent
    }

    /// Queues a registry update into the epoch it takes effect in (no array per update).
    @inline(__always)
    mutating func enqueue(_ update: StateUpdate, effective: UInt32) {
        queue[effective, default: []].append(update)
    }

    /// Queues several registry updates, in order, into the epoch they take effect in.
    mutating func enqueue(_ updates: [StateUpdate], effective: UInt32) {
        queue[effective, default: []].append(contentsOf: updates)
    }

    /// Sends batch `current + 1` to `chainId` over its route: `abi.encode(uint256 epoch,
    /// (uint8,bytes)[] updates)`, once per (epoch, chain).
    mutating func sendStateUpdates(
        _ chainId: UInt64, value: UInt256, _ ctx: EventContext, _ genesis: LedgerGenesis,
        _ sender: RegistryStateSender, _ abridge: inout Abridge
    ) throws(ProtocolError) {
        let target = currentEpoch + 1
        guard let route = sender.routes[chainId] else {
            throw .registryStateSender(.chainNotSupported(chainId: chainId))
        }
        let key = BatchKey(epoch: target, chainId: chainId)
        guard sentBatches[key] == nil else {
            throw .epochManager(.stateUpdatesAlreadySent(epoch: target, chainId: chainId))
        }
        let payload = Self.batchPayload(epoch: target, updates: queue[target] ?? [])
        let guid = try abridge.send(
            BridgeMessage.Route(
                source: genesis.mainChainId, destination: chainId,
                from: genesis.registryStateSender, to: route.receiver),
            payload: payload, paidWei: value, genesis, ctx)
        sentBatches[key] = guid
    }

    /// The batch as RegistryStateSender encodes it.
    public static func batchPayload(epoch: UInt32, updates: [StateUpdate]) -> [UInt8] {
        let values: [ABIValue] = [
            .uint(UInt256(UInt64(epoch))),
            .array(
                updates.map { .tuple([.uint(UInt256(UInt64($0.type.rawValue))), .bytes($0.data)]) }),
        ]
        guard let bytes = try? ABI.encode(values, as: batchTypes) else {
            preconditionFailure("batch types are fixed")
        }
        return bytes
    }

    /// `(uint256 epoch, (uint8 type, bytes data)[] updates)`.
    public static let batchTypes: [ABIType] = [.uint256, .array(.tuple([.uint(8), .bytes]))]
}

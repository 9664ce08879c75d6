import Ethereum

/// `setValue` and `batchSetValues`: each appends to the sender's history on the event's chain.
extension StateManager {
    /// Appends every item at the event's block (at most `MAX_BATCH_SIZE` per call).
    mutating func setValues(_ items: [KeyValue], _ ctx: EventContext) throws(ProtocolError) {
        guard items.count <= Limits.maxBatchSetValues else {
            throw .stateManager(.batchTooLarge(count: items.count))
        }
        for item in items {
            histories[
                HistoryKey(chainId: ctx.chainId, user: ctx.sender, key: item.key), default: []
            ]
            .append(
                History(
                    value: item.value, blockNumber: ctx.blockNumber, timestamp: ctx.timestamp,
                    sequence: ctx.sequence))
        }
    }
}

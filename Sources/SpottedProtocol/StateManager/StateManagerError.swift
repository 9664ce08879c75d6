import Ethereum

/// StateManager rules: batch size and history queries.
public enum StateManagerError: ContractError {
    /// `batchSetValues`: at most `Limits.maxBatchSetValues` pairs.
    case batchTooLarge(count: Int)
    /// A history query needs a value written for the user and key (in the range).
    case noHistoryFound
    /// `getHistoryAtBlock`: no value was written at or before the block.
    case blockNotFound(block: UInt64)
    /// A block range needs `from` < `to`.
    case invalidBlockRange(from: UInt64, to: UInt64)
    /// `getHistoryAt(index)`: the index must be inside the history.
    case indexOutOfBounds(index: Int, count: Int)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .batchTooLarge: "BatchTooLarge"
        case .noHistoryFound: "NoHistoryFound"
        case .blockNotFound: "BlockNotFound"
        case .invalidBlockRange: "InvalidBlockRange"
        case .indexOutOfBounds: "IndexOutOfBounds"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .batchTooLarge: 1
        case .noHistoryFound: 2
        case .blockNotFound: 3
        case .invalidBlockRange: 4
        case .indexOutOfBounds: 5
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .batchTooLarge(let n):
            "\(n) values exceed the batch limit of \(Limits.maxBatchSetValues)"
        case .noHistoryFound: "no history for this user and key in the range"
        case .blockNotFound(let b): "no value at or before block \(b)"
        case .invalidBlockRange(let from, let to):
            "block range \(from)…\(to) is empty (from must be < to)"
        case .indexOutOfBounds(let i, let n): "index \(i) of a history of \(n) entries"
        }
    }
}

import Ethereum
import EventLog
import SpottedLedger

/// Balances and fee history: what wallets ask before they sign. The ledger charges nothing and
/// keeps no balances; fees are the constants of ``JSONRPCHandler/Options``.
extension JSONRPCHandler {
    /// Most blocks one `eth_feeHistory` covers (a larger count is cut to it, as nodes do).
    static let maxFeeHistoryBlocks: UInt64 = 1_024

    /// `eth_getBalance(address, block)`: 0 for every well-formed address on a served chain.
    func balance(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError) -> JSONOut {
        _ = try JSONRPCParams.address(params.value(0, "address"), "address")
        _ = try JSONRPCParams.block(params.optional(1), "block")
        return try await read(chainId) { _ in .quantity(UInt64(0)) }
    }

    /// `eth_feeHistory(blockCount, newestBlock, rewardPercentiles)`: the constant base fee for
    /// each block and the next, each block's `gasUsed / gasLimit` as `eth_getBlockByNumber`
    /// reports them, and with percentiles the constant priority fee for each.
    func feeHistory(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let count = min(
            try Self.blockCount(params.value(0, "blockCount")), Self.maxFeeHistoryBlocks)
        let requested = try JSONRPCParams.block(params.value(1, "newestBlock"), "newestBlock")
        let percentiles = try Self.rewardPercentiles(params.optional(2))
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            let head = view.head.blockNumber
            let newest = requested ?? head
            guard newest <= head else {
                throw .invalidParams(
                    "newestBlock", "block \(newest) is after the head block \(head)")
            }
            let blocks = min(count, newest + 1)
            let oldest = newest + 1 - blocks
            let entries = try self.entriesPerBlock(oldest...newest, chainId: chainId, view)
            let ratios = entries.map { n -> JSONOut in
                .number(
                    String(
                        Double(options.gasUsedPerTransaction * n) / Double(Self.blockGasLimit)))
            }
            var fields: [(String, JSONOut)] = [
                ("oldestBlock", .quantity(oldest)),
                (
                    "baseFeePerGas",
                    .array(Array(repeating: .quantity(options.gasPriceWei), count: Int(blocks) + 1))
                ),
                ("gasUsedRatio", .array(ratios)),
            ]
            if let percentiles {
                let tip = JSONOut.array(
                    Array(
                        repeating: .quantity(options.maxPriorityFeePerGasWei),
                        count: percentiles.count))
                fields.append(("reward", .array(Array(repeating: tip, count: Int(blocks)))))
            }
            return .object(fields)
        }
    }

    /// How many entries of `chainId` each block of `range` holds, walking back from the head.
    func entriesPerBlock(_ range: ClosedRange<UInt64>, chainId: UInt64, _ view: ChainView)
        throws(JSONRPCError) -> [UInt64]
    {
        var counts = [UInt64](repeating: 0, count: Int(range.count))
        try scanChainBack(chainId, toBlock: range.lowerBound, view) { e in
            if e.record.blockNumber < range.lowerBound { return false }
            if range.contains(e.record.blockNumber) {
                counts[Int(e.record.blockNumber - range.lowerBound)] += 1
            }
            return true
        }
        return counts
    }

    /// `blockCount`: a quantity or a JSON integer, at least 1.
    static func blockCount(_ value: JSONValue) throws(JSONRPCError) -> UInt64 {
        let count: UInt64
        if case .number(let text) = value {
            guard let n = UInt64(text) else {
                throw .invalidParams("blockCount", "must be a whole number of blocks")
            }
            count = n
        } else {
            count = try JSONRPCParams.quantity(value, "blockCount")
        }
        guard count >= 1 else { throw .invalidParams("blockCount", "must be at least 1") }
        return count
    }

    /// `rewardPercentiles`: absent, or numbers from 0 to 100 in increasing order.
    static func rewardPercentiles(_ value: JSONValue?) throws(JSONRPCError) -> [Double]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            throw .invalidParams("rewardPercentiles", "must be an array of numbers")
        }
        var percentiles = [Double]()
        for item in items {
            guard case .number(let text) = item, let p = Double(text), (0...100).contains(p),
                p >= (percentiles.last ?? 0)
            else {
                throw .invalidParams(
                    "rewardPercentiles", "must be numbers from 0 to 100 in increasing order")
            }
            percentiles.append(p)
        }
        return percentiles
    }
}

import Ethereum
import EventLog
import SpottedLedger

extension JSONRPCHandler {
    /// Most entries `eth_getBlockByNumber` walks back from the head to find a block.
    static let maxBlockScanEntries = 100_000

    /// `eth_getBlockByNumber(block, full)`: number, documented hash, parent hash, timestamp, the
    /// hashes of the block's entries, and a constant base fee; null for a block after the head.
    func blockByNumber(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let requested = try JSONRPCParams.block(params.value(0, "block"), "block")
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            let number = requested ?? view.head.blockNumber
            guard number <= view.head.blockNumber else { return .null }
            return try self.block(number, chainId: chainId, view)
        }
    }

    /// `eth_getBlockByHash(hash, full)`: the block of this chain with that documented hash, as
    /// `eth_getBlockByNumber` answers it; null when no block of the chain holding an entry has it.
    func blockByHash(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let hash = try JSONRPCParams.hash(params.value(0, "blockHash"), "blockHash")
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            guard let number = self.index.withLock({ $0.blockNumber(hash: hash, chainId: chainId) })
            else { return .null }
            return try self.block(number, chainId: chainId, view)
        }
    }

    /// Block `number` of `chainId`: its timestamp and entries, found walking back from the head.
    func block(_ number: UInt64, chainId: UInt64, _ view: ChainView) throws(JSONRPCError)
        -> JSONOut
    {
        var timestamp: UInt64?
        var entries = [(sequence: UInt64, hash: Word)]()
        var walked = 0
        do {
            try view.log.scanBackward(from: view.log.head.sequence) {
                (e) throws(EventLogError) -> Bool in
                walked += 1
                guard walked <= Self.maxBlockScanEntries else { return false }
                guard e.record.chainId == chainId else { return true }
                if e.record.blockNumber < number {
                    timestamp = timestamp ?? e.record.timestamp
                    return false
                }
                if e.record.blockNumber == number {
                    timestamp = timestamp ?? e.record.timestamp
                    entries.append((e.sequence, e.hash))
                }
                return true
            }
        } catch {
            throw .internalError("log: \(error)")
        }
        guard walked <= Self.maxBlockScanEntries else {
            throw .refused(
                "block \(number) is more than \(Self.maxBlockScanEntries) entries back from the head"
            )
        }
        return self.blockJSON(
            chainId: chainId, number: number, timestamp: timestamp ?? 0,
            entries: entries.reversed())
    }

    func blockJSON(
        chainId: UInt64, number: UInt64, timestamp: UInt64,
        entries: [(sequence: UInt64, hash: Word)]
    )
        -> JSONOut
    {
        let hash = TransactionReceipt.blockHash(chainId: chainId, blockNumber: number)
        let parent =
            number == 0
            ? Word.zero : TransactionReceipt.blockHash(chainId: chainId, blockNumber: number - 1)
        let hashes = transactionHashes.withLock { known in
            entries.map { known[$0.sequence] ?? $0.hash }
        }
        let zero32 = JSONOut.data(Word.zero.bytes)
        return .object([
            ("number", .quantity(number)), ("hash", .data(hash.bytes)),
            ("parentHash", .data(parent.bytes)),
            ("timestamp", .quantity(timestamp)),
            ("transactions", .array(hashes.map { .data($0.bytes) })),
            ("baseFeePerGas", .quantity(options.gasPriceWei)),
            ("gasLimit", .quantity(UInt64(30_000_000))),
            ("gasUsed", .quantity(options.gasUsedPerTransaction * UInt64(entries.count))),
            ("miner", .string(Address.zero.lowercased)), ("difficulty", .quantity(UInt64(0))),
            ("nonce", .data([UInt8](repeating: 0, count: 8))), ("sha3Uncles", zero32),
            ("uncles", .array([])),
            ("logsBloom", .data([UInt8](repeating: 0, count: 256))), ("transactionsRoot", zero32),
            ("stateRoot", zero32), ("receiptsRoot", zero32), ("extraData", .data([])),
            ("mixHash", zero32),
            ("size", .quantity(UInt64(0))),
        ])
    }
}

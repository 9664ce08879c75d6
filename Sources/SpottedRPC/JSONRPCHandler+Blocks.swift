import Ethereum
import EventLog
import SpottedLedger

extension JSONRPCHandler {
    /// Most entries `eth_getBlockByNumber` walks back from the head to find a block.
    static let maxBlockScanEntries = 100_000

    /// Every block's `gasLimit`.
    static let blockGasLimit: UInt64 = 30_000_000

    /// `eth_getBlockByNumber(block, full)`: number, documented hash, parent hash, timestamp, the
    /// block's entries (their transaction hashes, or with `full` their transaction objects), and a
    /// constant base fee; null for a block after the head.
    func blockByNumber(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let requested = try JSONRPCParams.block(params.value(0, "block"), "block")
        let full = try Self.fullTransactions(params)
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            let number = requested ?? view.head.blockNumber
            guard number <= view.head.blockNumber else { return .null }
            return try self.block(number, chainId: chainId, full: full, view)
        }
    }

    /// The `full` flag (the second parameter): false when absent, else a boolean.
    static func fullTransactions(_ params: JSONRPCParams) throws(JSONRPCError) -> Bool {
        switch params.optional(1) {
        case nil: return false
        case .bool(let full)?: return full
        case let other?: throw .invalidParams("full", "must be a boolean, not \(other.typeName)")
        }
    }

    /// `eth_getBlockByHash(hash, full)`: the block of this chain with that documented hash, as
    /// `eth_getBlockByNumber` answers it; null when no block of the chain holding an entry has it.
    func blockByHash(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let hash = try JSONRPCParams.hash(params.value(0, "blockHash"), "blockHash")
        let full = try Self.fullTransactions(params)
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            guard let number = self.index.withLock({ $0.blockNumber(hash: hash, chainId: chainId) })
            else { return .null }
            return try self.block(number, chainId: chainId, full: full, view)
        }
    }

    /// Block `number` of `chainId`: its timestamp and entries, found walking back from the head.
    func block(_ number: UInt64, chainId: UInt64, full: Bool, _ view: ChainView)
        throws(JSONRPCError) -> JSONOut
    {
        var timestamp: UInt64?
        var entries = [BlockEntry]()
        try scanChainBack(chainId, toBlock: number, view) { e in
            if e.record.blockNumber < number {
                timestamp = timestamp ?? e.record.timestamp
                return false
            }
            if e.record.blockNumber == number {
                timestamp = timestamp ?? e.record.timestamp
                entries.append(
                    BlockEntry(sequence: e.sequence, hash: e.hash, sender: e.record.sender))
            }
            return true
        }
        entries.reverse()
        let transactions: [JSONOut]
        if full {
            transactions = try entries.enumerated().map { (i, entry) throws(JSONRPCError) in
                try self.transactionObject(entry, index: i, chainId: chainId, block: number, view)
            }
        } else {
            transactions = transactionHashes.withLock { known in
                entries.map { .data((known[$0.sequence] ?? $0.hash).bytes) }
            }
        }
        return self.blockJSON(
            chainId: chainId, number: number, timestamp: timestamp ?? 0,
            count: entries.count, transactions: transactions)
    }

    /// Scans the log back from the head over `chainId`'s entries while `body` returns true, to
    /// find block `block`; refuses one more than ``maxBlockScanEntries`` entries back.
    func scanChainBack(
        _ chainId: UInt64, toBlock block: UInt64, _ view: ChainView, _ body: (Envelope) -> Bool
    ) throws(JSONRPCError) {
        var walked = 0
        do {
            try view.log.scanBackward(from: view.log.head.sequence) {
                (e) throws(EventLogError) -> Bool in
                walked += 1
                guard walked <= Self.maxBlockScanEntries else { return false }
                return e.record.chainId != chainId || body(e)
            }
        } catch {
            throw .internalError("log: \(error)")
        }
        guard walked <= Self.maxBlockScanEntries else {
            throw .refused(
                "block \(block) is more than \(Self.maxBlockScanEntries) entries back from the head"
            )
        }
    }

    /// One entry of a block: its sequence, hash and sender.
    struct BlockEntry {
        var sequence: UInt64
        var hash: Word
        var sender: Address
    }

    /// An entry of a block as a transaction object: the signed transaction it came as, as
    /// `eth_getTransactionByHash` answers it; an entry that did not come as one (simulated,
    /// imported, submitted) as a system transaction — its entry hash, its sender as `from`, no
    /// recipient, no input, zero value, gas and signature — the way chains show transactions no
    /// user signed.
    func transactionObject(
        _ entry: BlockEntry, index: Int, chainId: UInt64, block: UInt64, _ view: ChainView
    ) throws(JSONRPCError) -> JSONOut {
        if let hash = transactionHashes.withLock({ $0[entry.sequence] }),
            let receipt = receipts.withLock({ $0[hash] })
        {
            let raw: [UInt8]?
            do { raw = try view.log.transaction(at: entry.sequence) } catch {
                throw .internalError("log: \(error)")
            }
            if let raw, let tx = try? SignedTransaction(raw: raw) {
                return Self.transactionJSON(tx, receipt, effectivePriceWei: options.gasPriceWei)
            }
        }
        let blockHash = TransactionReceipt.blockHash(chainId: chainId, blockNumber: block)
        let zero = JSONOut.quantity(UInt64(0))
        return .object([
            ("hash", .data(entry.hash.bytes)), ("type", zero), ("chainId", .quantity(chainId)),
            ("nonce", zero), ("blockHash", .data(blockHash.bytes)),
            ("blockNumber", .quantity(block)), ("transactionIndex", .quantity(UInt64(index))),
            ("from", .string(entry.sender.lowercased)), ("to", .null), ("value", zero),
            ("gas", zero), ("gasPrice", zero), ("input", .data([])), ("v", zero), ("r", zero),
            ("s", zero),
        ])
    }

    /// A block in Ethereum's JSON shape holding `transactions` (hashes or objects) of `count`
    /// entries.
    func blockJSON(
        chainId: UInt64, number: UInt64, timestamp: UInt64, count: Int, transactions: [JSONOut]
    )
        -> JSONOut
    {
        let hash = TransactionReceipt.blockHash(chainId: chainId, blockNumber: number)
        let parent =
            number == 0
            ? Word.zero : TransactionReceipt.blockHash(chainId: chainId, blockNumber: number - 1)
        let zero32 = JSONOut.data(Word.zero.bytes)
        return .object([
            ("number", .quantity(number)), ("hash", .data(hash.bytes)),
            ("parentHash", .data(parent.bytes)),
            ("timestamp", .quantity(timestamp)),
            ("transactions", .array(transactions)),
            ("baseFeePerGas", .quantity(options.gasPriceWei)),
            ("gasLimit", .quantity(Self.blockGasLimit)),
            ("gasUsed", .quantity(options.gasUsedPerTransaction * UInt64(count))),
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

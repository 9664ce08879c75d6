import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import Synchronization

/// An `eth_getLogs` filter.
struct LogFilter: Sendable {
    var fromBlock: UInt64?
    var toBlock: UInt64?
    /// A block named by its hash (`blockHash`, in place of the range), resolved on the chain.
    var blockHash: Word?
    var addresses: [Address] = []
    /// Per position: nil matches anything, otherwise any of the listed words.
    var topics: [[Word]?] = []

    func matches(_ log: EthereumLog) -> Bool {
        if let fromBlock, log.blockNumber < fromBlock { return false }
        if let toBlock, log.blockNumber > toBlock { return false }
        if !addresses.isEmpty, !addresses.contains(log.address) { return false }
        for (i, wanted) in topics.enumerated() {
            guard let wanted else { continue }
            guard i < log.topics.count, wanted.contains(log.topics[i]) else { return false }
        }
        return true
    }
}

extension JSONRPCHandler {
    /// Most logs one `eth_getLogs` answers.
    static let maxLogsPerQuery = 10_000

    /// `eth_getLogs(filter)`: the derived logs of the chain's entries in the block range.
    func getLogs(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError) -> JSONOut {
        let requested = try Self.logFilter(params.value(0, "filter"))
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            var filter = requested
            if let hash = filter.blockHash {
                guard
                    let number = self.index.withLock({
                        $0.blockNumber(hash: hash, chainId: chainId)
                    })
                else {
                    throw .invalidParams(
                        "filter.blockHash",
                        "no block of chain \(chainId) holding an entry has this hash")
                }
                (filter.fromBlock, filter.toBlock) = (number, number)
            }
            let derivation = try self.derivation(view)
            var found = [EthereumLog]()
            do {
                try view.log.scan(from: 1) { (envelope) throws(EventLogError) -> Bool in
                    guard envelope.record.chainId == chainId else { return true }
                    if let to = filter.toBlock, envelope.record.blockNumber > to { return false }
                    if let from = filter.fromBlock, envelope.record.blockNumber < from {
                        return true
                    }
                    for log in self.logs(of: envelope, derivation, state: view.state)
                    where filter.matches(log) {
                        found.append(log)
                    }
                    return found.count <= Self.maxLogsPerQuery
                }
            } catch {
                throw .internalError("log: \(error)")
            }
            guard found.count <= Self.maxLogsPerQuery else {
                throw .refused(
                    "query returned more than \(Self.maxLogsPerQuery) results; narrow the block range"
                )
            }
            return .array(found.map { self.logJSON($0) })
        }
    }

    /// The derived logs of one stored entry (none when its payload does not decode).
    func logs(of envelope: Envelope, _ derivation: LogDerivation, state: LedgerState)
        -> [EthereumLog]
    {
        guard
            let event = try? EventCodec.decode(
                kind: envelope.record.kind, schemaVersion: envelope.record.schemaVersion,
                payload: envelope.record.payload)
        else { return [] }
        let prior = priorLogs.withLock { $0.emissions[envelope.sequence] } ?? []
        return derivation.logs(of: event, entry: LoggedEntry(envelope), state: state, prior: prior)
    }

    func derivation(_ view: ChainView) throws(JSONRPCError) -> LogDerivation {
        guard let clock = view.state.clock else { throw .refused("the ledger has no genesis yet") }
        return LogDerivation(
            calls: calls, addresses: view.addresses, genesis: view.genesis, clock: clock)
    }

    /// `eth_getTransactionReceipt(hash)`: the receipt with the entry's derived logs, or null.
    func receipt(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError) -> JSONOut {
        let hash = try JSONRPCParams.hash(params.value(0, "transactionHash"), "transactionHash")
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            // Looked up after the view caught the receipts up to the log (a restart folds the
            // stored transactions in on the first read).
            guard let receipt = self.receipts.withLock({ $0[hash] }), receipt.chainId == chainId
            else { return .null }
            let envelope: Envelope
            do { envelope = try view.log.entry(receipt.sequence) } catch {
                throw .internalError("log: \(error)")
            }
            let logs = self.logs(of: envelope, try self.derivation(view), state: view.state)
            return self.receiptJSON(receipt, logs: logs.map { self.logJSON($0) })
        }
    }

    /// `eth_getTransactionByHash`: the included transaction as a node answers it, decoded from the
    /// raw bytes the log stores beside its entry; null when this chain has no such transaction.
    func transactionByHash(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let hash = try JSONRPCParams.hash(params.value(0, "transactionHash"), "transactionHash")
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            guard let receipt = self.receipts.withLock({ $0[hash] }), receipt.chainId == chainId
            else { return .null }
            let raw: [UInt8]?
            do { raw = try view.log.transaction(at: receipt.sequence) } catch {
                throw .internalError("log: \(error)")
            }
            guard let raw, let tx = try? SignedTransaction(raw: raw) else { return .null }
            return Self.transactionJSON(tx, receipt, effectivePriceWei: self.options.gasPriceWei)
        }
    }

    /// A transaction object in Ethereum's JSON shape (legacy: `gasPrice` and an EIP-155 `v`;
    /// type 2: the fee caps, `yParity`, its access list and `gasPrice` = the price its receipt
    /// says it paid, `effectivePriceWei`), at its receipt's block.
    static func transactionJSON(
        _ tx: SignedTransaction, _ receipt: TransactionReceipt, effectivePriceWei: UInt256
    ) -> JSONOut {
        let blockHash = TransactionReceipt.blockHash(
            chainId: receipt.chainId, blockNumber: receipt.blockNumber)
        var fields: [(String, JSONOut)] = [
            ("hash", .data(receipt.transactionHash.bytes)),
            ("type", .quantity(UInt64(receipt.type))),
            ("chainId", .quantity(tx.chainId)), ("nonce", .quantity(tx.nonce)),
            ("blockHash", .data(blockHash.bytes)), ("blockNumber", .quantity(receipt.blockNumber)),
            ("transactionIndex", .quantity(UInt64(0))), ("from", .string(receipt.from.lowercased)),
            ("to", .string(receipt.to.lowercased)), ("value", .quantity(tx.valueWei)),
            ("gas", .quantity(tx.gasLimit)), ("input", .data(tx.data)),
            ("r", .quantity(UInt256(tx.r))), ("s", .quantity(UInt256(tx.s))),
        ]
        switch tx.kind {
        case .legacy:
            fields += [
                ("gasPrice", .quantity(tx.maxFeePerGasWei)),
                ("v", .quantity(tx.chainId * 2 + 35 + UInt64(tx.yParity))),
            ]
        case .dynamicFee:
            fields += [
                ("gasPrice", .quantity(effectivePriceWei)),
                ("maxFeePerGas", .quantity(tx.maxFeePerGasWei)),
                ("maxPriorityFeePerGas", .quantity(tx.maxPriorityFeePerGasWei)),
                ("accessList", accessListJSON(tx.raw)), ("yParity", .quantity(UInt64(tx.yParity))),
                ("v", .quantity(UInt64(tx.yParity))),
            ]
        }
        return .object(fields)
    }

    /// A type-2 transaction's access list (`[{address, storageKeys}]`), read again from its raw
    /// bytes (0x02 ‖ RLP list, the list's ninth item; checked when the transaction was accepted).
    static func accessListJSON(_ raw: [UInt8]) -> JSONOut {
        guard raw.count > 1, case .list(let fields)? = try? RLP.decode(Array(raw.dropFirst())),
            fields.count > 8, case .list(let entries) = fields[8]
        else { return .array([]) }
        return .array(
            entries.compactMap { entry -> JSONOut? in
                guard case .list(let pair) = entry, pair.count == 2,
                    case .bytes(let address) = pair[0], case .list(let keys) = pair[1]
                else { return nil }
                return .object([
                    ("address", .data(address)),
                    (
                        "storageKeys",
                        .array(
                            keys.compactMap { key -> JSONOut? in
                                guard case .bytes(let k) = key else { return nil }
                                return .data(k)
                            })
                    ),
                ])
            })
    }

    /// A log in Ethereum's JSON shape. The transaction hash is the signed transaction's when the
    /// entry came as one (and this process saw it), otherwise the entry's hash in the log.
    func logJSON(_ log: EthereumLog) -> JSONOut {
        let txHash = transactionHashes.withLock { $0[log.sequence] }
        let blockHash = TransactionReceipt.blockHash(
            chainId: log.chainId, blockNumber: log.blockNumber)
        return .object([
            ("address", .string(log.address.lowercased)),
            ("topics", .array(log.topics.map { .data($0.bytes) })), ("data", .data(log.data)),
            ("blockNumber", .quantity(log.blockNumber)), ("blockHash", .data(blockHash.bytes)),
            ("transactionHash", .data((txHash ?? log.entryHash).bytes)),
            ("transactionIndex", .quantity(UInt64(0))),
            ("logIndex", .quantity(UInt64(log.indexInEntry))),
            ("removed", .bool(false)), ("spottedSequence", .string(log.sequence.description)),
        ])
    }

    static func logFilter(_ object: JSONValue) throws(JSONRPCError) -> LogFilter {
        guard case .object = object else { throw .invalidParams("filter", "must be an object") }
        var filter = LogFilter()
        if let hash = JSONRPCParams.member(object, "blockHash"), hash != .null {
            guard JSONRPCParams.member(object, "fromBlock") == nil,
                JSONRPCParams.member(object, "toBlock") == nil
            else {
                throw .invalidParams(
                    "filter.blockHash", "give either blockHash or fromBlock/toBlock, not both")
            }
            filter.blockHash = try JSONRPCParams.hash(hash, "filter.blockHash")
        } else {
            filter.fromBlock = try JSONRPCParams.block(
                JSONRPCParams.member(object, "fromBlock"), "filter.fromBlock")
            filter.toBlock = try JSONRPCParams.block(
                JSONRPCParams.member(object, "toBlock"), "filter.toBlock")
        }
        switch JSONRPCParams.member(object, "address") {
        case nil: break
        case .array(let list)?:
            filter.addresses = try list.map { v throws(JSONRPCError) in
                try JSONRPCParams.address(v, "filter.address")
            }
        case let single?: filter.addresses = [try JSONRPCParams.address(single, "filter.address")]
        }
        if case .array(let topics)? = JSONRPCParams.member(object, "topics") {
            filter.topics = try topics.enumerated().map { (i, t) throws(JSONRPCError) -> [Word]? in
                switch t {
                case .null: return nil
                case .array(let options):
                    return try options.map { o throws(JSONRPCError) in
                        try JSONRPCParams.hash(o, "filter.topics[\(i)]")
                    }
                default: return [try JSONRPCParams.hash(t, "filter.topics[\(i)]")]
                }
            }
        }
        return filter
    }
}

import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import Synchronization

/// An `eth_getLogs` filter.
struct LogFilter: Sendable {
    var fromBlock: UInt64?
    var toBlock: UInt64?
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
        let filter = try Self.logFilter(params.value(0, "filter"))
        return try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
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
        if JSONRPCParams.member(object, "blockHash") != nil {
            throw .invalidParams(
                "filter.blockHash", "block hashes are not supported; use fromBlock/toBlock")
        }
        var filter = LogFilter()
        filter.fromBlock = try JSONRPCParams.block(
            JSONRPCParams.member(object, "fromBlock"), "filter.fromBlock")
        filter.toBlock = try JSONRPCParams.block(
            JSONRPCParams.member(object, "toBlock"), "filter.toBlock")
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

import Ethereum
import EventLog
import SpottedLedger
import SpottedProtocol
import Synchronization

/// A transaction checked against the state, ready to submit.
struct PreparedTransaction: Sendable {
    let action: Action
    let contract: RPCContract
    let account: ChainLedgerIndex.Account
}

extension JSONRPCHandler {
    /// `eth_sendRawTransaction(raw)`: decode, check chain and nonce, recover the sender, map the
    /// calldata to an action, submit it; the answer is the transaction hash once it is durable.
    func sendRawTransaction(_ params: JSONRPCParams, chainId: UInt64) async throws(JSONRPCError)
        -> JSONOut
    {
        let raw = try JSONRPCParams.data(params.value(0, "transaction"), "transaction")
        let tx: SignedTransaction
        let sender: Address
        do {
            tx = try SignedTransaction(raw: raw)
            try tx.check(chainId: chainId)
            sender = try tx.sender()
        } catch .wrongChainId(let expected, let actual) {
            throw .refused(
                "transaction.chainId: \(actual) is not this network's \(expected) (replay from another chain)"
            )
        } catch {
            throw .invalidParams("transaction", error.description)
        }
        guard let to = tx.to else {
            throw .refused("transaction.to: contract creation is not supported")
        }
        if receipts.withLock({ $0[tx.hash] }) != nil {
            throw .refused("already known: transaction \(tx.hash) is included")
        }
        let first = try await prepare(tx, sender: sender, to: to, chainId: chainId, reserved: false)
        defer { _ = inFlight.withLock { $0.remove(first.account) } }
        let envelope = try await submit(first, tx, sender: sender, to: to, chainId: chainId)
        let receipt = TransactionReceipt(
            transactionHash: tx.hash, sequence: envelope.sequence, entryHash: envelope.hash,
            chainId: chainId, blockNumber: envelope.record.blockNumber, from: sender, to: to,
            nonce: tx.nonce, type: tx.kind.rawValue)
        receipts.withLock { $0[tx.hash] = receipt }
        transactionHashes.withLock { $0[envelope.sequence] = tx.hash }
        if options.relaysBridgeMessages { await relayBridgeMessages() }
        return .data(tx.hash.bytes)
    }

    /// Most times a transaction is prepared again after another one overtook it on its chain.
    static let maxSubmitAttempts = 8

    /// Submits the prepared action. Preparing and submitting are two steps, so a transaction
    /// prepared at block b can arrive after another one logged at b + 1 (`BlockNumberDecreased`):
    /// then it is prepared again at the new head, at most ``maxSubmitAttempts`` times.
    func submit(
        _ first: PreparedTransaction, _ tx: SignedTransaction, sender: Address, to: Address,
        chainId: UInt64
    ) async throws(JSONRPCError) -> Envelope {
        var prepared = first
        for attempt in 1...Self.maxSubmitAttempts {
            do {
                return try await ingestor.submit(prepared.action)
            } catch .refused(_, let refusal)
                where attempt < Self.maxSubmitAttempts && Self.isOvertaken(refusal.error)
            {
                prepared = try await prepare(
                    tx, sender: sender, to: to, chainId: chainId, reserved: true)
            } catch {
                throw engineError(error, contract: prepared.contract)
            }
        }
        throw .refused(
            "transaction overtaken \(Self.maxSubmitAttempts) times on chain \(chainId); retry")
    }

    /// Whether a refusal only says that another entry reached the chain's head first.
    static func isOvertaken(_ error: ProtocolError) -> Bool {
        if case .ledger(.blockNumberDecreased) = error { return true }
        return false
    }

    /// Checks the transaction against the latest state on the reducing thread and reserves the
    /// sender's nonce (one transaction in flight per sender and chain) unless `reserved` already.
    func prepare(
        _ tx: SignedTransaction, sender: Address, to: Address, chainId: UInt64, reserved: Bool
    ) async throws(JSONRPCError) -> PreparedTransaction {
        let calls = self.calls
        let now = options.clockSeconds()
        let gasEstimate = options.gasEstimate
        let box = PreparedBox()
        _ = try await read(chainId) { [self] (view) throws(JSONRPCError) -> JSONOut in
            guard
                let contract = view.addresses.contract(
                    at: to, chainId: chainId, isMain: view.isMain)
            else {
                throw .refused(
                    "transaction.to: no contract of the ledger at \(to) on chain \(chainId)")
            }
            // No client function writes a replica's registry, whatever the selector.
            guard contract != .lightStakeRegistry else {
                throw .refused(
                    "transaction.to: LightStakeRegistry is written only by its RegistryStateReceiver (through the bridge)"
                )
            }
            guard tx.gasLimit >= gasEstimate / 50 else {
                throw .refused(
                    "transaction.gas: \(tx.gasLimit) is below the minimum \(gasEstimate / 50)")
            }
            // After a restart the receipts are rebuilt from the log: checked again here, caught up.
            if self.receipts.withLock({ $0[tx.hash] }) != nil {
                throw .refused("already known: transaction \(tx.hash) is included")
            }
            let account = ChainLedgerIndex.Account(chainId: chainId, sender: sender)
            let expected = self.index.withLock { $0.nonce(chainId: chainId, sender: sender) }
            guard tx.nonce == expected else {
                throw .refused(
                    "transaction.nonce: nonce too \(tx.nonce < expected ? "low" : "high"): \(tx.nonce), next is \(expected)"
                )
            }
            let event = try Self.event(
                of: tx, on: contract, calls: calls, currentEpoch: view.state.currentEpoch)
            guard reserved || self.inFlight.withLock({ $0.insert(account).inserted }) else {
                throw .refused(
                    "transaction.nonce: a transaction from \(sender) on chain \(chainId) is in flight; send the next after its hash returns"
                )
            }
            let block = Self.blockNumber(for: event, view: view)
            var action = Action(
                event, chainId: chainId, blockNumber: block,
                timestamp: max(now, view.head.timestamp), sender: sender)
            action.rawTransaction = tx.raw
            box.value.withLock {
                $0 = PreparedTransaction(action: action, contract: contract, account: account)
            }
            return .null
        }
        guard let prepared = box.value.withLock({ $0 }) else {
            throw .internalError("transaction not prepared")
        }
        return prepared
    }

    /// The ledger event `tx`'s calldata maps to on `contract` (Solidity's non-payable check
    /// included), or the revert a contract would give.
    static func event(
        of tx: SignedTransaction, on contract: RPCContract, calls: ContractCalls,
        currentEpoch: UInt32
    ) throws(JSONRPCError) -> ProtocolEvent {
        do {
            let (function, args) = try calls.decode(tx.data, on: contract)
            // Solidity's non-payable check: value sent to a function that takes none reverts.
            if !tx.valueWei.isZero, function.stateMutability != "payable" {
                throw CallFailure.malformedCalldata("\(function.signature) is not payable")
            }
            guard
                let mapped = try TransactionActions.event(
                    function, args, on: contract, valueWei: tx.valueWei,
                    currentEpoch: currentEpoch)
            else {
                throw JSONRPCError.refused(
                    "\(contract.contractName).\(function.name) is not a write the ledger records; use eth_call"
                )
            }
            return mapped
        } catch let error as CallFailure {
            throw rpcError(error, contract: contract, calls: calls)
        } catch let error as JSONRPCError {
            throw error
        } catch {
            throw .internalError("\(error)")
        }
    }

    /// The block a transaction's entry gets: the next block, kept inside the current epoch on the
    /// main chain (only `advanceEpoch` moves to the next epoch's first block).
    static func blockNumber(for event: ProtocolEvent, view: ChainView) -> UInt64 {
        let next = view.head.blockNumber &+ 1
        guard view.isMain, let clock = view.state.clock else { return next }
        let interval = clock.interval(of: view.state.currentEpoch)
        if case .epochTransition = event { return max(interval.end, view.head.blockNumber) }
        return min(next, max(interval.end &- 1, view.head.blockNumber))
    }

    /// The JSON-RPC error for an engine refusal of a transaction's action.
    func engineError(_ error: EngineError, contract: RPCContract) -> JSONRPCError {
        switch error {
        case .refused(_, let refusal):
            Self.rpcError(.refused(refusal.error), contract: contract, calls: calls)
        case .duplicate(_, let sequence):
            .refused(
                "the same action is logged at sequence \(sequence) in this block (DuplicateAction)")
        default: .internalError("\(error)")
        }
    }

    /// A receipt in Ethereum's JSON shape.
    func receiptJSON(_ r: TransactionReceipt, logs: [JSONOut]) -> JSONOut {
        let blockHash = TransactionReceipt.blockHash(chainId: r.chainId, blockNumber: r.blockNumber)
        return .object([
            ("transactionHash", .data(r.transactionHash.bytes)),
            ("transactionIndex", .quantity(UInt64(0))),
            ("blockHash", .data(blockHash.bytes)), ("blockNumber", .quantity(r.blockNumber)),
            ("from", .string(r.from.lowercased)), ("to", .string(r.to.lowercased)),
            ("cumulativeGasUsed", .quantity(options.gasUsedPerTransaction)),
            ("gasUsed", .quantity(options.gasUsedPerTransaction)),
            ("effectiveGasPrice", .quantity(options.gasPriceWei)), ("contractAddress", .null),
            ("logs", .array(logs)), ("logsBloom", .data([UInt8](repeating: 0, count: 256))),
            ("status", .quantity(UInt64(1))), ("type", .quantity(UInt64(r.type))),
            ("spottedSequence", .string(r.sequence.description)),
            ("spottedEntryHash", .data(r.entryHash.bytes)),
        ])
    }
}

/// Carries the prepared transaction out of the read closure.
final class PreparedBox: Sendable {
    let value = Mutex<PreparedTransaction?>(nil)
}

import Ethereum
import EventLog
import SpottedLedger
import Synchronization

extension JSONRPCHandler {
    /// Folds the raw transactions the log stores beside its entries (`EventLog.transaction(at:)`)
    /// into the receipt index, from the last sequence folded to the head: receipts are derived
    /// from the log, the same after a restart and on every node that holds it.
    func catchUpReceipts(_ log: EventLog) throws(EventLogError) {
        let head = log.head.sequence
        let from = receiptsScannedThrough.withLock { $0 } + 1
        guard head >= from else { return }
        for (sequence, raw) in try log.transactions(in: from...head) {
            guard let receipt = try Self.receipt(raw: raw, sequence: sequence, log: log) else {
                continue
            }
            receipts.withLock { $0[receipt.transactionHash] = receipt }
            transactionHashes.withLock { $0[sequence] = receipt.transactionHash }
        }
        receiptsScannedThrough.withLock { $0 = max($0, head) }
    }

    /// The receipt of the stored transaction `raw` of entry `sequence`; nil when it no longer
    /// decodes (it did when it was accepted: the entry stays, without a receipt).
    static func receipt(raw: [UInt8], sequence: UInt64, log: EventLog) throws(EventLogError)
        -> TransactionReceipt?
    {
        guard let tx = try? SignedTransaction(raw: raw), let from = try? tx.sender(),
            let to = tx.to
        else { return nil }
        let entry = try log.entry(sequence)
        return TransactionReceipt(
            transactionHash: tx.hash, sequence: sequence, entryHash: entry.hash,
            chainId: entry.record.chainId, blockNumber: entry.record.blockNumber, from: from,
            to: to, nonce: tx.nonce, type: tx.kind.rawValue)
    }
}

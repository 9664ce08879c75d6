import Ethereum
import EventLog
import SpottedLedger

/// What the endpoint derives from the log itself, so it is the same after a restart or on
/// another replica of the ledger: per (chain, sender) the number of entries (the account nonce),
/// per chain the last block and timestamp, and the documented hash of every block holding an
/// entry (``TransactionReceipt/blockHash(chainId:blockNumber:)``). Caught up from the log before
/// every use.
struct ChainLedgerIndex: Sendable {
    /// A (chain, sender) pair.
    struct Account: Hashable, Sendable {
        let chainId: UInt64
        let sender: Address
    }

    /// Where a chain's logged history ends.
    struct ChainHead: Hashable, Sendable {
        var blockNumber: UInt64
        var timestamp: UInt64
    }

    /// The last log sequence folded in.
    private(set) var scannedThrough: UInt64 = 0
    private(set) var nonces: [Account: UInt64] = [:]
    private(set) var heads: [UInt64: ChainHead] = [:]
    /// Block hash → (chain, block number), for every block that holds an entry.
    private(set) var blocksByHash: [Word: (chainId: UInt64, blockNumber: UInt64)] = [:]

    /// Folds in every entry after ``scannedThrough`` (called on the reducing thread, between groups).
    mutating func catchUp(_ log: EventLog) throws(EventLogError) {
        let head = log.head.sequence
        guard head > scannedThrough else { return }
        var next = self
        try log.scan(from: scannedThrough + 1) { (entry) throws(EventLogError) -> Bool in
            next.fold(entry)
            return true
        }
        self = next
    }

    /// Folds one entry in.
    mutating func fold(_ entry: Envelope) {
        let record = entry.record
        nonces[Account(chainId: record.chainId, sender: record.sender), default: 0] += 1
        if heads[record.chainId]?.blockNumber != record.blockNumber {
            let hash = TransactionReceipt.blockHash(
                chainId: record.chainId, blockNumber: record.blockNumber)
            blocksByHash[hash] = (record.chainId, record.blockNumber)
        }
        heads[record.chainId] = ChainHead(
            blockNumber: record.blockNumber, timestamp: record.timestamp)
        scannedThrough = entry.sequence
    }

    /// The nonce of `sender` on `chainId`: how many entries the log holds from it there.
    func nonce(chainId: UInt64, sender: Address) -> UInt64 {
        nonces[Account(chainId: chainId, sender: sender)] ?? 0
    }

    /// The block number `hash` names on `chainId`, if a block of that chain holding an entry has it.
    func blockNumber(hash: Word, chainId: UInt64) -> UInt64? {
        guard let block = blocksByHash[hash], block.chainId == chainId else { return nil }
        return block.blockNumber
    }
}

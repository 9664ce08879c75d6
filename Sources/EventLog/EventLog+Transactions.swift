import Ethereum

/// The transaction store: the signed transaction an entry came as (JSON-RPC
/// `eth_sendRawTransaction`), kept beside the entry, not in it, so the hash chain and every
/// reducer stay as they are.
///
/// - `transactions`: u64 big-endian sequence → the raw transaction bytes, as sent.
///
/// Written in the same write transaction as its entry (``append(_:archive:transactions:)``) and
/// removed with it by ``unwind(to:)``; an entry that did not come as a transaction has none.
extension EventLog {
    /// The longest raw transaction the store keeps, in bytes (a transaction larger than an
    /// entry's payload limit cannot become an entry anyway).
    public static let maxTransactionBytes = Envelope.maxPayloadBytes + 4096

    /// Appends `records` as ``append(_:archive:)`` does and stores `transactions[i]`, when not
    /// nil, as the raw transaction of the i-th record, in the same write transaction.
    @discardableResult
    public func append(
        _ records: [EventRecord], archive: [ArchiveEntry], transactions: [[UInt8]?]
    ) throws(EventLogError) -> [Envelope] {
        return try append(
            records, archiveEntries: archive,
            transactions: Self.storedTransactions(transactions, entries: records.count))
    }

    /// `transactions` as the write stores them: nil when none is given, after checking there is
    /// one (or nil) per entry and none is over ``maxTransactionBytes`` (the callers' contract).
    static func storedTransactions(_ transactions: [[UInt8]?], entries: Int) -> [[UInt8]?]? {
        precondition(
            transactions.isEmpty || transactions.count == entries,
            "one raw transaction (or nil) per entry")
        precondition(
            transactions.allSatisfy { ($0?.count ?? 0) <= maxTransactionBytes },
            "raw transaction too large")
        return transactions.contains { $0 != nil } ? transactions : nil
    }

    /// The raw transaction entry `sequence` came as, or nil (none, or a ledger written before
    /// the store, opened read-only).
    public func transaction(at sequence: UInt64) throws(EventLogError) -> [UInt8]? {
        guard let transactionsDB else { return nil }
        return try environment.read { (txn) throws(EventLogError) -> [UInt8]? in
            try withKey(sequence) { (k) throws(EventLogError) in
                try txn.get(transactionsDB, key: k).map { Array($0) }
            }
        }
    }

    /// The raw transactions of the entries in `range`, in log order, at most `limit`.
    public func transactions(in range: ClosedRange<UInt64>, limit: Int = .max)
        throws(EventLogError) -> [(sequence: UInt64, raw: [UInt8])]
    {
        guard let transactionsDB else { return [] }
        var out = [(sequence: UInt64, raw: [UInt8])]()
        try environment.read { (txn) throws(EventLogError) in
            try withKey(range.lowerBound) { (start) throws(EventLogError) in
                try txn.scan(transactionsDB, from: start) { (k, v) throws(EventLogError) in
                    let sequence = UInt64(bigEndian: k.loadUnaligned(as: UInt64.self))
                    guard sequence <= range.upperBound, out.count < limit else { return false }
                    out.append((sequence, Array(v)))
                    return true
                }
            }
        }
        return out
    }

    /// Puts the raw transactions of the `transactions.count` entries appended after `sequence`:
    /// part of the append's transaction.
    func putTransactions(
        _ transactions: [[UInt8]?]?, appendedAfter sequence: UInt64,
        _ txn: borrowing LMDBTransaction
    ) throws(EventLogError) {
        guard let transactions else { return }
        guard let transactionsDB else {
            throw .readOnly(operation: "store raw transactions (no transactions database)")
        }
        for (i, raw) in transactions.enumerated() {
            guard let raw else { continue }
            try withKey(sequence + UInt64(i) + 1) { (k) throws(EventLogError) in
                try withBytes(raw) { (v) throws(EventLogError) in
                    try txn.put(transactionsDB, key: k, value: v)
                }
            }
        }
    }

    /// Removes the raw transactions of the entries after `sequence`: part of ``unwind(to:)``'s
    /// transaction.
    func dropTransactions(after sequence: UInt64, _ txn: borrowing LMDBTransaction)
        throws(EventLogError)
    {
        guard let transactionsDB, sequence < .max else { return }
        var removed = [UInt64]()
        try withKey(sequence + 1) { (start) throws(EventLogError) in
            try txn.scan(transactionsDB, from: start) { (k, _) throws(EventLogError) in
                removed.append(UInt64(bigEndian: k.loadUnaligned(as: UInt64.self)))
                return true
            }
        }
        for at in removed {
            try withKey(at) { (k) throws(EventLogError) in try txn.delete(transactionsDB, key: k) }
        }
    }
}

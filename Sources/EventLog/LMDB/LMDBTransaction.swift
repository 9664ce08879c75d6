import CLMDB

/// A live transaction, only valid inside `read`/`write` closures (it cannot escape them).
struct LMDBTransaction: ~Copyable {
    let txn: OpaquePointer

    /// `MDB_APPEND` for `mdb_put`.
    private static let appendFlag = UInt32(MDB_APPEND)

    /// Stores `value` at `key`; `append` requires keys in ascending order (`MDB_APPEND`).
    func put(
        _ db: LMDBDatabase, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer,
        append: Bool = false
    ) throws(EventLogError) {
        var k = lmdbValue(key)
        var v = lmdbValue(value)
        let code = mdb_put(txn, db.dbi, &k, &v, append ? Self.appendFlag : 0)
        try LMDBEnvironment.check(code, "mdb_put \(db.name)")
    }

    /// The value at `key`, valid until the transaction ends; `nil` when absent.
    func get(_ db: LMDBDatabase, key: UnsafeRawBufferPointer) throws(EventLogError)
        -> UnsafeRawBufferPointer?
    {
        var k = lmdbValue(key)
        var v = MDB_val()
        let code = mdb_get(txn, db.dbi, &k, &v)
        if code == MDB_NOTFOUND { return nil }
        try LMDBEnvironment.check(code, "mdb_get \(db.name)")
        return lmdbBytes(v)
    }

    /// Removes the value at `key`; an absent key is not an error.
    func delete(_ db: LMDBDatabase, key: UnsafeRawBufferPointer) throws(EventLogError) {
        var k = lmdbValue(key)
        let code = mdb_del(txn, db.dbi, &k, nil)
        if code == MDB_NOTFOUND { return }
        try LMDBEnvironment.check(code, "mdb_del \(db.name)")
    }
}

import CLMDB

/// A cursor over one database in one transaction, closed when its scope ends.
struct LMDBCursor: ~Copyable {
    private let cursor: OpaquePointer
    private let name: String

    init(_ txn: borrowing LMDBTransaction, _ db: LMDBDatabase) throws(EventLogError) {
        var opened: OpaquePointer?
        try LMDBEnvironment.check(
            mdb_cursor_open(txn.txn, db.dbi, &opened), "mdb_cursor_open \(db.name)")
        guard let opened else {
            throw .storage(code: -1, operation: "mdb_cursor_open \(db.name)", message: "no cursor")
        }
        cursor = opened
        name = db.name
    }

    deinit { mdb_cursor_close(cursor) }

    /// Moves the cursor and returns the key and value under it; `nil` past either end.
    private func move(
        _ op: MDB_cursor_op, _ k: inout MDB_val, _ v: inout MDB_val
    ) throws(EventLogError) -> Bool {
        let code = mdb_cursor_get(cursor, &k, &v, op)
        if code == MDB_NOTFOUND { return false }
        try LMDBEnvironment.check(code, "mdb_cursor_get \(name)")
        return true
    }

    /// Positions the cursor on `start` (or the first key ≥ it; going backward, the last key ≤
    /// it), or on the first/last key when `start` is nil. False when there is no such key.
    fileprivate func position(
        at start: UnsafeRawBufferPointer?, reverse: Bool, _ k: inout MDB_val, _ v: inout MDB_val
    ) throws(EventLogError) -> Bool {
        guard let start else { return try move(reverse ? MDB_LAST : MDB_FIRST, &k, &v) }
        k = lmdbValue(start)
        let found = try move(MDB_SET_RANGE, &k, &v)
        guard reverse else { return found }
        // SET_RANGE lands on the first key ≥ start; step back unless it is exactly start.
        if !found { return try move(MDB_LAST, &k, &v) }
        if lmdbBytes(k).elementsEqual(start) { return true }
        return try move(MDB_PREV, &k, &v)
    }

    /// The next key in the walk's direction; false past the end.
    fileprivate func step(reverse: Bool, _ k: inout MDB_val, _ v: inout MDB_val)
        throws(EventLogError) -> Bool
    {
        try move(reverse ? MDB_PREV : MDB_NEXT, &k, &v)
    }
}

extension LMDBTransaction {
    /// Walks entries in key order from `start` (or the first key), calling `body` with each key and
    /// value until it returns false.
    func scan(
        _ db: LMDBDatabase, from start: UnsafeRawBufferPointer?, reverse: Bool = false,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws(EventLogError) -> Bool
    ) throws(EventLogError) {
        let cursor = try LMDBCursor(self, db)
        var k = MDB_val()
        var v = MDB_val()
        var more = try cursor.position(at: start, reverse: reverse, &k, &v)
        while more {
            guard try body(lmdbBytes(k), lmdbBytes(v)) else { return }
            more = try cursor.step(reverse: reverse, &k, &v)
        }
    }
}

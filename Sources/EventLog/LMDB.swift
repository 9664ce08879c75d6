import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// The one wrapper over Debian's liblmdb 0.9.24: an environment, named databases, transactions
/// as closures, cursors. LMDB's `Int32` flag constants are converted here and nowhere else.
///
/// See http://www.lmdb.tech/doc/ for the C library.
final class LMDBEnvironment: @unchecked Sendable {
    let env: OpaquePointer
    /// Held shared by every transaction and exclusively to resize the map: LMDB requires that no
    /// transaction of this process is active while the map size changes.
    private let resizeLock = ReadWriteLock()

    struct Flags: OptionSet {
        let rawValue: UInt32
        static let noSync = Flags(rawValue: UInt32(MDB_NOSYNC))
        static let noTLS = Flags(rawValue: UInt32(MDB_NOTLS))
        static let readOnly = Flags(rawValue: UInt32(MDB_RDONLY))
    }

    init(path: String, mapSizeBytes: Int, maxDatabases: UInt32, flags: Flags) throws(EventLogError) {
        var handle: OpaquePointer?
        try Self.check(mdb_env_create(&handle), "mdb_env_create")
        guard let handle else { throw .storage(code: -1, operation: "mdb_env_create", message: "no environment") }
        env = handle
        do {
            try Self.check(mdb_env_set_maxdbs(env, maxDatabases), "mdb_env_set_maxdbs")
            try Self.check(mdb_env_set_mapsize(env, mapSizeBytes), "mdb_env_set_mapsize")
            try Self.check(mdb_env_set_maxreaders(env, 256), "mdb_env_set_maxreaders")
            try Self.check(mdb_env_open(env, path, flags.union(.noTLS).rawValue, 0o644), "mdb_env_open \(path)")
        } catch {
            mdb_env_close(env)
            throw error
        }
    }

    deinit { mdb_env_close(env) }

    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(EventLogError) {
        guard code == 0 else {
            throw .storage(code: code, operation: operation(), message: String(cString: mdb_strerror(code)))
        }
    }

    /// Bytes the map may grow to, and bytes in use now.
    var mapUsage: (sizeBytes: Int, usedBytes: Int) {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        mdb_env_info(env, &info)
        mdb_env_stat(env, &stat)
        return (info.me_mapsize, (info.me_last_pgno + 1) * Int(stat.ms_psize))
    }

    /// Drops this process's mapping of the pages in `[lowest, highest)` (they stay in the page
    /// cache), so a scan of a log larger than memory keeps a flat resident set. Safe: the map is
    /// read-only and shared, so a dropped page is faulted back in from the file when read again.
    /// Call it only outside transactions, with addresses taken from values of this environment.
    func releaseMappedPages(lowest: UInt, highest: UInt) {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let start = lowest / page * page, end = (highest + page - 1) / page * page
        guard end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, Int(end - start), MADV_DONTNEED)
    }

    /// Grows the map to `bytes`, waiting until no transaction of this process is active.
    func setMapSize(_ bytes: Int) throws(EventLogError) {
        resizeLock.writeLock()
        defer { resizeLock.unlock() }
        try Self.check(mdb_env_set_mapsize(env, bytes), "mdb_env_set_mapsize")
    }

    /// Runs `body` in a read-only transaction, aborted on return. Never hold it across an `await`.
    func read<R>(_ body: (borrowing LMDBTransaction) throws(EventLogError) -> R) throws(EventLogError) -> R {
        resizeLock.readLock()
        defer { resizeLock.unlock() }
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin (read)")
        guard let txn else { throw .storage(code: -1, operation: "mdb_txn_begin", message: "no transaction") }
        defer { mdb_txn_abort(txn) }
        return try body(LMDBTransaction(txn: txn))
    }

    /// Runs `body` in a write transaction, committed if it returns and aborted if it throws.
    func write<R>(_ body: (borrowing LMDBTransaction) throws(EventLogError) -> R) throws(EventLogError) -> R {
        resizeLock.readLock()
        defer { resizeLock.unlock() }
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin (write)")
        guard let txn else { throw .storage(code: -1, operation: "mdb_txn_begin", message: "no transaction") }
        let result: R
        do {
            result = try body(LMDBTransaction(txn: txn))
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit")
        return result
    }

    /// Opens (creating it if `create`) a named database; call once, in a write transaction.
    func openDatabase(_ name: String, create: Bool) throws(EventLogError) -> MDB_dbi {
        try write { (txn) throws(EventLogError) in
            var dbi: MDB_dbi = 0
            try Self.check(mdb_dbi_open(txn.txn, name, create ? UInt32(MDB_CREATE) : 0, &dbi), "mdb_dbi_open \(name)")
            return dbi
        }
    }
}

/// A live transaction, only valid inside `read`/`write` closures (it cannot escape them).
struct LMDBTransaction: ~Copyable {
    let txn: OpaquePointer

    /// Stores `value` at `key`; `append` requires keys in ascending order (`MDB_APPEND`).
    func put(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, append: Bool = false) throws(EventLogError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBEnvironment.check(mdb_put(txn, dbi, &k, &v, append ? UInt32(MDB_APPEND) : 0), "mdb_put")
    }

    /// The value at `key`, valid until the transaction ends; `nil` when absent.
    func get(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer) throws(EventLogError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let code = mdb_get(txn, dbi, &k, &v)
        if code == MDB_NOTFOUND { return nil }
        try LMDBEnvironment.check(code, "mdb_get")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    func delete(_ dbi: MDB_dbi, key: UnsafeRawBufferPointer) throws(EventLogError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let code = mdb_del(txn, dbi, &k, nil)
        if code == MDB_NOTFOUND { return }
        try LMDBEnvironment.check(code, "mdb_del")
    }

    /// Walks entries in key order from `start` (or the first key), calling `body` with each key and
    /// value until it returns false.
    func scan(_ dbi: MDB_dbi, from start: UnsafeRawBufferPointer?, reverse: Bool = false,
              _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws(EventLogError) -> Bool) throws(EventLogError) {
        var cursor: OpaquePointer?
        try LMDBEnvironment.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open")
        defer { mdb_cursor_close(cursor) }
        var k = MDB_val(), v = MDB_val()
        var op: MDB_cursor_op
        if let start {
            k = MDB_val(mv_size: start.count, mv_data: UnsafeMutableRawPointer(mutating: start.baseAddress))
            op = MDB_SET_RANGE
        } else {
            op = reverse ? MDB_LAST : MDB_FIRST
        }
        var code = mdb_cursor_get(cursor, &k, &v, op)
        if reverse && start != nil {
            // SET_RANGE lands on the first key ≥ start; step back unless it is exactly start.
            if code == MDB_NOTFOUND {
                code = mdb_cursor_get(cursor, &k, &v, MDB_LAST)
            } else if code == 0, let s = start, !UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size).elementsEqual(s) {
                code = mdb_cursor_get(cursor, &k, &v, MDB_PREV)
            }
        }
        while code == 0 {
            let keep = try body(UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                                UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
            if !keep { return }
            code = mdb_cursor_get(cursor, &k, &v, reverse ? MDB_PREV : MDB_NEXT)
        }
        if code != MDB_NOTFOUND { try LMDBEnvironment.check(code, "mdb_cursor_get") }
    }
}

/// A pthread read-write lock (transactions share it; a map resize takes it alone).
final class ReadWriteLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    init() { pthread_rwlock_init(lock, nil) }
    deinit { pthread_rwlock_destroy(lock); lock.deallocate() }
    func readLock() { pthread_rwlock_rdlock(lock) }
    func writeLock() { pthread_rwlock_wrlock(lock) }
    func unlock() { pthread_rwlock_unlock(lock) }
}

/// `withUnsafeBytes` for typed-throwing bodies (the standard library's version rethrows `any Error`).
@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(EventLogError) -> R) throws(EventLogError) -> R {
    try bytes.withUnsafeBytes { raw in Result { () throws(EventLogError) in try body(raw) } }.get()
}

/// The 8-byte big-endian key of `sequence`, for a typed-throwing body.
@inline(__always)
func withKey<R>(_ sequence: UInt64, _ body: (UnsafeRawBufferPointer) throws(EventLogError) -> R) throws(EventLogError) -> R {
    var key = sequence.bigEndian
    return try withUnsafeBytes(of: &key) { raw in Result { () throws(EventLogError) in try body(raw) } }.get()
}

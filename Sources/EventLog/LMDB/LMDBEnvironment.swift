import CLMDB

#if canImport(Glibc)
    import Glibc
#endif

/// The environment wrapper over Debian's liblmdb 0.9.24: it owns the `MDB_env` handle, opens
/// named databases, runs transactions as closures and resizes the map. The files under `LMDB/`
/// are the only ones that import `CLMDB`; LMDB's `Int32` constants are converted here, once.
///
/// See http://www.lmdb.tech/doc/ for the C library.
final class LMDBEnvironment: @unchecked Sendable {
    private let env: OpaquePointer
    /// Held shared by every transaction and exclusively to resize the map: LMDB requires that no
    /// transaction of this process is active while the map size changes.
    private let resizeLock = ReadWriteLock()
    /// Whether the environment was opened with `MDB_RDONLY` (write transactions are refused).
    let isReadOnly: Bool

    /// The `mdb_env_open` flags this project uses, as the `UInt32` LMDB's functions take.
    struct Flags: OptionSet {
        let rawValue: UInt32
        /// `MDB_NOSYNC`: commits are not flushed (benchmarks only).
        static let noSync = Flags(rawValue: UInt32(MDB_NOSYNC))
        /// `MDB_NOTLS`: reader slots belong to transactions, not threads (always set).
        static let noTLS = Flags(rawValue: UInt32(MDB_NOTLS))
        /// `MDB_RDONLY`: no write transaction; LMDB writes nothing to the data file.
        static let readOnly = Flags(rawValue: UInt32(MDB_RDONLY))
        /// `MDB_NOLOCK`: no lock file is opened or created; the caller guarantees no writer.
        static let noLock = Flags(rawValue: UInt32(MDB_NOLOCK))
    }

    /// LMDB's `MDB_MAP_FULL`: a write transaction ran out of map; grow the map and retry.
    static let mapFullCode = MDB_MAP_FULL
    /// `MDB_RDONLY` for `mdb_txn_begin`.
    private static let readOnlyTransaction = UInt32(MDB_RDONLY)
    /// `MDB_CREATE` for `mdb_dbi_open`.
    private static let createDatabase = UInt32(MDB_CREATE)
    /// Readers one environment admits (tail subscribers, reader pools), before open.
    static let maxReaders: UInt32 = 256

    /// Opens the environment in the directory `path`. Check the data file first
    /// (``LMDBDataFile/check(directory:)``): LMDB maps it and trusts its meta pages.
    init(path: String, mapSizeBytes: Int, maxDatabases: UInt32, flags: Flags) throws(EventLogError)
    {
        var created: OpaquePointer?
        try Self.check(mdb_env_create(&created), "mdb_env_create")
        guard let handle = created else {
            throw .storage(code: -1, operation: "mdb_env_create", message: "no environment")
        }
        // `env` is set only once the open succeeded: a failed init closes the handle here, once,
        // and deinit (which runs only for a fully initialised object) never sees it.
        do {
            try Self.check(mdb_env_set_maxdbs(handle, maxDatabases), "mdb_env_set_maxdbs")
            try Self.check(mdb_env_set_mapsize(handle, mapSizeBytes), "mdb_env_set_mapsize")
            try Self.check(
                mdb_env_set_maxreaders(handle, Self.maxReaders), "mdb_env_set_maxreaders")
            let all = flags.union(.noTLS).rawValue
            try Self.check(mdb_env_open(handle, path, all, 0o644), "mdb_env_open \(path)")
        } catch {
            mdb_env_close(handle)
            throw error
        }
        env = handle
        isReadOnly = flags.contains(.readOnly)
    }

    deinit { mdb_env_close(env) }

    /// Throws ``EventLogError/storage(code:operation:message:)`` for a non-zero LMDB result.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(EventLogError) {
        guard code == 0 else {
            let message = String(cString: mdb_strerror(code))
            throw .storage(code: code, operation: operation(), message: message)
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
        let start = lowest / page * page
        let end = (highest + page - 1) / page * page
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
    func read<R>(
        _ body: (borrowing LMDBTransaction) throws(EventLogError) -> R
    ) throws(EventLogError) -> R {
        resizeLock.readLock()
        defer { resizeLock.unlock() }
        let txn = try begin(flags: Self.readOnlyTransaction, "mdb_txn_begin (read)")
        defer { mdb_txn_abort(txn) }
        return try body(LMDBTransaction(txn: txn))
    }

    /// Runs `body` in a write transaction, committed if it returns and aborted if it throws.
    func write<R>(
        _ body: (borrowing LMDBTransaction) throws(EventLogError) -> R
    ) throws(EventLogError) -> R {
        guard !isReadOnly else { throw .readOnly(operation: "write") }
        resizeLock.readLock()
        defer { resizeLock.unlock() }
        let txn = try begin(flags: 0, "mdb_txn_begin (write)")
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

    private func begin(flags: UInt32, _ operation: String) throws(EventLogError) -> OpaquePointer {
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, flags, &txn), operation)
        guard let txn else {
            throw .storage(code: -1, operation: operation, message: "no transaction")
        }
        return txn
    }

    /// Opens named databases (creating them if `create`) in one transaction, so a new ledger
    /// gets all of them or none; call once, before other transactions. A read-only environment
    /// opens them in a read transaction that it commits, so the handles outlive it; a database
    /// that is absent is `nil`.
    func openDatabases(_ names: [String], create: Bool) throws(EventLogError) -> [LMDBDatabase?] {
        resizeLock.readLock()
        defer { resizeLock.unlock() }
        let txn = try begin(
            flags: isReadOnly ? Self.readOnlyTransaction : 0, "mdb_txn_begin (open)")
        var opened = [LMDBDatabase?]()
        for name in names {
            var dbi: MDB_dbi = 0
            let code = mdb_dbi_open(
                txn, name, create && !isReadOnly ? Self.createDatabase : 0, &dbi)
            guard code == 0 || code == MDB_NOTFOUND else {
                mdb_txn_abort(txn)
                try Self.check(code, "mdb_dbi_open \(name)")
                return []
            }
            opened.append(code == 0 ? LMDBDatabase(dbi: dbi, name: name) : nil)
        }
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit (open)")
        return opened
    }

    /// Opens one named database; see ``openDatabases(_:create:)``.
    func openDatabase(_ name: String, create: Bool) throws(EventLogError) -> LMDBDatabase? {
        try openDatabases([name], create: create).first ?? nil
    }
}

extension EventLogError {
    /// Whether this is LMDB's `MDB_MAP_FULL` (the append grows the map and retries).
    var isMapFull: Bool {
        if case .storage(let code, _, _) = self { return code == LMDBEnvironment.mapFullCode }
        return false
    }

    /// An `MDB_MAP_FULL` error, as LMDB would report it, for injected faults.
    static func mapFull(operation: String) -> EventLogError {
        .storage(code: LMDBEnvironment.mapFullCode, operation: operation, message: "map full")
    }
}

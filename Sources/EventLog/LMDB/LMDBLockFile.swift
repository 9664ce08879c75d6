/// How a read-only open treats LMDB's lock file (`lock.mdb`), which LMDB would otherwise create or
/// re-initialise — writing into a directory that an auditor wants left untouched.
///
/// The choice: a read-only open uses the lock file only when another process has the ledger open
/// (it holds LMDB's `fcntl` lock on the file's first byte), because then a writer may be
/// committing and this reader must take a reader slot so its pages are not reused under it.
/// Otherwise it opens with `MDB_NOLOCK`: no lock file is opened, created or changed (a missing,
/// garbage or unwritable `lock.mdb`, a read-only mount, a directory without write permission).
/// The cost: a writer that starts *after* such a read-only open is not seen by it, so a long read
/// may then see pages the writer reuses; the hash chain catches what that would change.
enum LMDBLockFile {
    /// The lock file LMDB keeps beside `data.mdb`.
    static func path(in directory: String) -> String { directory + "/lock.mdb" }

    /// The flags for a read-only open of the environment in `directory`.
    static func readOnlyFlags(directory: String) throws(EventLogError) -> LMDBEnvironment.Flags {
        let lock = path(in: directory)
        guard let status = try FileSystem.status(lock), status.kind == .regularFile,
            FileSystem.isWritable(lock), try FileSystem.isLockedByAnotherProcess(lock)
        else { return [.readOnly, .noLock] }
        return [.readOnly]
    }
}

extension EventLog {
    /// The data file LMDB keeps in a ledger directory.
    static func dataFilePath(in directory: String) -> String { directory + "/data.mdb" }

    /// Checks what is at `directory` before LMDB touches it, creating it only in `create` mode,
    /// and returns the environment flags for `mode`. A data file that is present is checked in
    /// every mode (``LMDBDataFile``), so LMDB never maps a foreign, truncated or empty file, and
    /// never re-initialises one.
    static func prepare(directory: String, mode: OpenMode) throws(EventLogError)
        -> LMDBEnvironment.Flags
    {
        switch try FileSystem.status(directory)?.kind {
        case .directory?: break
        case nil:
            guard mode == .create else {
                throw .notALedger(path: directory, reason: "no such directory")
            }
            try FileSystem.makeDirectory(directory)
        case .regularFile?, .other?:
            throw .notALedger(path: directory, reason: "not a directory")
        }
        let data = dataFilePath(in: directory)
        if try FileSystem.status(data) == nil {
            guard mode == .create else {
                throw .notALedger(
                    path: directory, reason: "no data.mdb (open it in create mode to start one)")
            }
            return []
        }
        _ = try LMDBDataFile.check(data)
        return mode == .readOnly ? try LMDBLockFile.readOnlyFlags(directory: directory) : []
    }
}

import CLMDB

/// A named database inside an environment (LMDB's `MDB_dbi`), valid as long as its environment.
struct LMDBDatabase: Sendable {
    /// LMDB's handle of the database.
    let dbi: MDB_dbi
    /// The name it was opened by (for error messages).
    let name: String
}

/// A `MDB_val` that points into `bytes` (LMDB only reads through it for keys and put values).
@inline(__always)
func lmdbValue(_ bytes: UnsafeRawBufferPointer) -> MDB_val {
    MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
}

/// The bytes a `MDB_val` LMDB returned points to, valid until its transaction ends.
@inline(__always)
func lmdbBytes(_ value: MDB_val) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
}

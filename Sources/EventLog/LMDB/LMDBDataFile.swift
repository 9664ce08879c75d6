/// The checks made on an LMDB data file (`data.mdb`) before LMDB maps it: LMDB 0.9 trusts its two
/// meta pages, so a foreign, truncated or empty file makes it fail with a signal (SIGBUS when a
/// page past the end of the file is touched) or re-initialise the file. Reads with `pread` only.
///
/// The layout, from liblmdb 0.9.24's `mdb.c` (64-bit builds) and checked against files this log
/// wrote: pages 0 and 1 are meta pages. Each starts with a 16-byte page header (`mp_pgno` u64,
/// `mp_pad` u16, `mp_flags` u16 with `P_META` = 0x08, `mp_lower`, `mp_upper`), then `MDB_meta`:
/// `mm_magic` u32 at 16 (0xBEEFC0DE), `mm_version` u32 at 20 (1), `mm_address` at 24, `mm_mapsize`
/// at 32, two 48-byte `MDB_db` records at 40 (free list) and 88 (main): the free list's `md_pad`
/// (u32 at 40) holds the page size, each record's `md_root` is its last 8 bytes (80, 128);
/// `mm_last_pg` u64 at 136 and `mm_txnid` u64 at 144. LMDB reads the meta with the larger txnid.
enum LMDBDataFile {
    /// `MDB_MAGIC`, in the file's (native, little-endian) byte order.
    static let magic: UInt32 = 0xBEEF_C0DE
    /// `MDB_DATA_VERSION` of LMDB 0.9.
    static let dataVersion: UInt32 = 1
    /// `P_META` in `mp_flags`.
    static let metaPageFlag: UInt16 = 0x08
    /// `P_INVALID`: the root of an empty database.
    static let noPage = UInt64.max
    /// Bytes of a meta page that the checks read (page header + `MDB_meta` through `mm_txnid`).
    static let metaBytes = 152
    /// The page sizes LMDB can write (it uses the OS page size, at most 64 KiB).
    static let pageSizesBytes: ClosedRange<UInt32> = 512...65_536

    /// What one meta page says.
    struct Meta: Equatable {
        var pageSizeBytes: UInt32
        var lastPage: UInt64
        var transaction: UInt64
        var roots: (free: UInt64, main: UInt64)
        static func == (a: Meta, b: Meta) -> Bool {
            a.pageSizeBytes == b.pageSizeBytes && a.lastPage == b.lastPage
                && a.transaction == b.transaction && a.roots == b.roots
        }
    }

    /// Checks the data file at `path` and returns the meta page LMDB will use; throws
    /// ``EventLogError/damagedDataFile(path:problem:)`` naming what is wrong.
    static func check(_ path: String) throws(EventLogError) -> Meta {
        func damaged(_ problem: DataFileProblem) -> EventLogError {
            .damagedDataFile(path: path, problem: problem)
        }
        guard let status = try FileSystem.status(path) else { throw damaged(.missing) }
        guard status.kind == .regularFile else { throw damaged(.notARegularFile) }
        let fileBytes = status.sizeBytes
        guard fileBytes > 0 else { throw damaged(.empty) }
        let first = try FileSystem.readBytes(path, offset: 0, count: metaBytes)
        let meta0 = try parse(first, page: 0, fileBytes: fileBytes, neededBytes: metaBytes)
            .mapError(damaged).get()
        let pageBytes = Int(meta0.pageSizeBytes)
        let second = try FileSystem.readBytes(path, offset: pageBytes, count: metaBytes)
        let meta1 = try parse(
            second, page: 1, fileBytes: fileBytes, neededBytes: pageBytes + metaBytes
        )
        .mapError(damaged).get()
        guard meta1.pageSizeBytes == meta0.pageSizeBytes else {
            throw damaged(.badPageSize(page: 1, found: meta1.pageSizeBytes))
        }
        let newer = meta1.transaction > meta0.transaction ? (meta1, 1) : (meta0, 0)
        try checkExtent(newer.0, page: newer.1, fileBytes: fileBytes).mapError(damaged).get()
        return newer.0
    }
}

extension LMDBDataFile {
    /// What meta page `page` says, given its first bytes, or its first problem.
    static func parse(
        _ bytes: [UInt8], page: Int, fileBytes: Int, neededBytes: Int
    ) -> Result<Meta, DataFileProblem> {
        guard bytes.count >= metaBytes else {
            return .failure(.tooShort(bytes: fileBytes, neededBytes: neededBytes))
        }
        return bytes.withUnsafeBytes { raw in
            func u16(_ at: Int) -> UInt16 { raw.loadUnaligned(fromByteOffset: at, as: UInt16.self) }
            func u32(_ at: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: at, as: UInt32.self) }
            func u64(_ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
            guard u32(16) == magic else { return .failure(.badMagic(page: page, found: u32(16))) }
            guard u32(20) == dataVersion else {
                return .failure(.unsupportedVersion(page: page, found: u32(20)))
            }
            guard u64(0) == UInt64(page), u16(10) & metaPageFlag != 0 else {
                return .failure(.notAMetaPage(page: page))
            }
            let size = u32(40)
            guard pageSizesBytes.contains(size), size & (size - 1) == 0 else {
                return .failure(.badPageSize(page: page, found: size))
            }
            let roots = (free: u64(80), main: u64(128))
            return .success(
                Meta(pageSizeBytes: size, lastPage: u64(136), transaction: u64(144), roots: roots))
        }
    }

    /// The file must hold every page up to the meta's last page, and both roots must lie in it.
    static func checkExtent(_ meta: Meta, page: Int, fileBytes: Int) -> Result<
        Void, DataFileProblem
    > {
        let pages = meta.lastPage.addingReportingOverflow(1)
        let needed = pages.partialValue.multipliedReportingOverflow(by: UInt64(meta.pageSizeBytes))
        guard meta.lastPage >= 1, !pages.overflow, !needed.overflow,
            needed.partialValue <= UInt64(Int.max)
        else { return .failure(.badLastPage(page: page, lastPage: meta.lastPage)) }
        guard fileBytes >= Int(needed.partialValue) else {
            let neededBytes = Int(needed.partialValue)
            return .failure(
                .truncated(bytes: fileBytes, neededBytes: neededBytes, lastPage: meta.lastPage))
        }
        for root in [meta.roots.free, meta.roots.main] where root != noPage {
            guard root >= 2, root <= meta.lastPage else {
                return .failure(.rootOutsideFile(page: page, root: root, lastPage: meta.lastPage))
            }
        }
        return .success(())
    }
}

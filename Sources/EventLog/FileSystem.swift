#if canImport(Glibc)
    import Glibc
#endif

/// The few system calls the log makes on paths itself (LMDB makes the rest); each failure is an
/// ``EventLogError/fileSystem(operation:path:code:message:)`` naming the path and errno's text.
enum FileSystem {
    /// What `stat` says a path is.
    enum Kind: Equatable { case directory, regularFile, other }

    /// The kind and size of the file at `path`, or nil when nothing is there.
    static func status(_ path: String) throws(EventLogError) -> (kind: Kind, sizeBytes: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw failure(.stat, path)
        }
        let type = info.st_mode & S_IFMT
        let kind: Kind = type == S_IFDIR ? .directory : type == S_IFREG ? .regularFile : .other
        return (kind, Int(info.st_size))
    }

    /// Creates `path` and its missing parents (`mkdir -p`, mode 0755).
    static func makeDirectory(_ path: String) throws(EventLogError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw failure(.makeDirectory, current)
            }
        }
    }

    /// Up to `count` bytes of the file at `path` from `offset` (fewer at its end), read with
    /// `pread` on a read-only descriptor: nothing is written, nothing is mapped.
    static func readBytes(_ path: String, offset: Int, count: Int) throws(EventLogError) -> [UInt8]
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.open, path) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw failure(.read, path) }
            if n == 0 { break }
            done += n
        }
        return Array(bytes.prefix(done))
    }

    /// Whether another process holds an `fcntl` lock on the first byte of `path` (LMDB's lock
    /// file: every process with the environment open holds a shared lock there). Opens the file
    /// read-only and writes nothing.
    static func isLockedByAnotherProcess(_ path: String) throws(EventLogError) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.open, path) }
        defer { close(fd) }
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = 0
        query.l_len = 1
        guard fcntl(fd, F_GETLK, &query) == 0 else { throw failure(.lock, path) }
        return query.l_type != Int16(F_UNLCK)
    }

    /// Whether this process may write the file at `path` (`access(W_OK)`).
    static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// The error for the system call `operation` that just failed on `path`, with errno's text.
    static func failure(_ operation: EventLogError.FileOperation, _ path: String) -> EventLogError {
        let code = errno
        return .fileSystem(
            operation: operation, path: path, code: code, message: String(cString: strerror(code)))
    }
}

/// A file descriptor the log writes warnings to.
struct FileDescriptor {
    /// Standard error (descriptor 2).
    static let standardError = FileDescriptor(fd: 2)
    let fd: Int32
    /// Writes `text` as UTF-8, ignoring errors (a warning must not fail the operation).
    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// A pthread read-write lock (transactions share it; a map resize takes it alone).
final class ReadWriteLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
    init() { pthread_rwlock_init(lock, nil) }
    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }
    /// Takes the lock shared (waits while it is held alone).
    func readLock() { pthread_rwlock_rdlock(lock) }
    /// Takes the lock alone (waits until no one holds it).
    func writeLock() { pthread_rwlock_wrlock(lock) }
    /// Releases the lock taken by this thread.
    func unlock() { pthread_rwlock_unlock(lock) }
}

/// `withUnsafeBytes` for typed-throwing bodies (the standard library's version rethrows
/// `any Error`).
@inline(__always)
func withBytes<R>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(EventLogError) -> R
) throws(EventLogError) -> R {
    try bytes.withUnsafeBytes { raw in Result { () throws(EventLogError) in try body(raw) } }.get()
}

/// The 8-byte big-endian key of `sequence`, for a typed-throwing body.
@inline(__always)
func withKey<R>(
    _ sequence: UInt64, _ body: (UnsafeRawBufferPointer) throws(EventLogError) -> R
) throws(EventLogError) -> R {
    var key = sequence.bigEndian
    return try withUnsafeBytes(of: &key) { raw in
        Result { () throws(EventLogError) in try body(raw) }
    }.get()
}

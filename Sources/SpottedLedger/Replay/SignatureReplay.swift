#if canImport(Glibc)
    import Glibc
#endif

/// How replay treats the registration and response signatures in the log.
public enum SignatureReplay: Hashable, Sendable {
    /// Not re-checked: each was checked when it was appended, and the hash chain protects the entry.
    case trusted
    /// Recovered by the reducers on the replaying thread.
    case inline
    /// Recovered on `threads` worker threads while the replaying thread reduces.
    case parallel(threads: Int)

    /// ``parallel(threads:)`` on every online core.
    public static var allCores: SignatureReplay {
        .parallel(threads: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

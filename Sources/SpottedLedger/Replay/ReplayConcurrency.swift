/// How many threads a replay uses besides any signature workers.
public enum ReplayConcurrency: Hashable, Sendable {
    /// Everything on the calling thread: scanning, decoding, reducing, snapshot roots.
    case single
    /// The calling thread reduces; a second scans and decodes the entries ahead of it
    /// (``DecodingPipeline``) and a third recomputes the snapshot roots (``SnapshotRootChecker``).
    /// When signatures are re-verified on every core, decoding stays on the calling thread.
    case pipelined
}

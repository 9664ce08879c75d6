import Dispatch
import Foundation
import Synchronization

/// Stops a command that is building something when SIGINT or SIGTERM arrives: what it built is
/// discarded, "interrupted at sequence N; nothing kept" goes to standard error, and the process
/// exits 130 (SIGINT) or 143 (SIGTERM).
///
/// The work calls ``checkpoint(_:)`` between batches, where it stops at once; a command blocked
/// elsewhere (reading a silent standard input) is stopped by the signal handler after a second.
/// Once ``finish(_:)`` has committed the result, signals are ignored: the result is complete.
final class Interruption: @unchecked Sendable {
    /// Where the work stands; changed only under the lock.
    enum Phase { case working, finished, aborted }

    let signal = Atomic<Int32>(0)
    /// The sequence the work reached (`UInt64.max` until its first checkpoint).
    let sequence = Atomic<UInt64>(.max)
    let phase = Mutex<Phase>(.working)
    let discard: @Sendable () -> Void
    var sources = [DispatchSourceSignal]()

    /// An interruption that calls `discard` to remove what the work built.
    init(discard: @escaping @Sendable () -> Void) { self.discard = discard }

    /// Handles SIGINT and SIGTERM from now on (instead of the default, which would leave the work).
    func install() {
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                _ = signal.compareExchange(expected: 0, desired: number, ordering: .relaxed)
                DispatchQueue.global().asyncAfter(deadline: .now() + 1) { self.abort() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Records that the work reached `sequence`; stops here when a signal arrived.
    func checkpoint(_ reached: UInt64) {
        sequence.store(reached, ordering: .relaxed)
        if signal.load(ordering: .relaxed) != 0 { abort() }
    }

    /// Discards the work and exits with the signal's status, unless it was committed already.
    func abort() {
        let proceed = phase.withLock { phase in
            guard case .working = phase else { return false }
            phase = .aborted
            return true
        }
        guard proceed else { return }
        discard()
        let number = signal.load(ordering: .relaxed)
        let clear = isatty(2) == 1 ? "\r\u{1B}[K" : ""
        let reached = sequence.load(ordering: .relaxed)
        let at = reached == .max ? "" : " at sequence \(reached)"
        FileHandle.standardError.write(Data("\(clear)interrupted\(at); nothing kept\n".utf8))
        Foundation.exit(number == SIGTERM ? 143 : 130)
    }

    /// Commits the work with `commit` unless a signal is discarding it (then waits for the exit).
    /// A failing commit discards the work.
    func finish(_ commit: () throws -> Void) throws {
        try phase.withLock { (phase) throws -> Void in
            guard case .working = phase else { Self.park() }
            do { try commit() } catch {
                phase = .aborted
                discard()
                throw error
            }
            phase = .finished
        }
    }

    /// Discards the work after it failed (or waits for the exit when a signal is discarding it).
    func fail() {
        let proceed = phase.withLock { phase in
            guard case .working = phase else { return false }
            phase = .aborted
            return true
        }
        if proceed { discard() } else { Self.park() }
    }

    /// Waits for another thread's exit.
    static func park() -> Never {
        while true { sleep(1) }
    }
}

/// Builds a new ledger in a temporary sibling directory, `<ledger>.partial-<pid>` (same parent,
/// so the final rename is atomic), and renames it into place only on success: a refusal, an error
/// or an interruption leaves nothing behind. An existing ledger (`--force`) is replaced only once
/// the new one is complete: renamed aside, the new one renamed in, then deleted.
struct LedgerCreation {
    /// The ledger directory to create.
    let target: String
    /// Where the ledger is built.
    let temporary: String
    /// Parent directories that do not exist yet, deepest first: removed again on failure.
    let missingParents: [String]

    /// A creation of `target`; refuses a leftover temporary directory of the same name.
    init(target path: String) throws {
        var target = path
        while target.count > 1, target.hasSuffix("/") { target.removeLast() }
        self.target = target
        temporary = target + ".partial-\(getpid())"
        guard !FileManager.default.fileExists(atPath: temporary) else {
            throw Failure("'\(temporary)' exists (left by an earlier run?); remove it first")
        }
        var missing = [String]()
        var parent = Self.parent(of: temporary)
        while !parent.isEmpty, parent != "/", !FileManager.default.fileExists(atPath: parent) {
            missing.append(parent)
            parent = Self.parent(of: parent)
        }
        missingParents = missing
    }

    /// The path without its last component ("" for a bare name, "/" at the root).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Runs `body` on the temporary directory and renames it into place when `body` returns.
    /// `body` calls the interruption's ``Interruption/checkpoint(_:)`` between batches.
    func build<T>(_ body: (_ directory: String, Interruption) throws -> T) throws -> T {
        let temporary = temporary
        let parents = missingParents
        let interruption = Interruption {
            try? FileManager.default.removeItem(atPath: temporary)
            for parent in parents { rmdir(parent) }
        }
        interruption.install()
        let result: T
        do { result = try body(temporary, interruption) } catch {
            interruption.fail()
            FileHandle.standardError.write(
                Data("nothing kept: '\(target)' was not created\n".utf8))
            throw error
        }
        try interruption.finish(commit)
        return result
    }

    /// Renames the complete ledger into place, replacing an empty directory or an old ledger.
    func commit() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            return try Self.rename(temporary, target)
        }
        guard isDirectory.boolValue else { throw Failure("'\(target)' is a file, not a ledger") }
        guard FileManager.default.fileExists(atPath: target + "/data.mdb") else {
            // An empty directory (validated before the build): rename(2) replaces it.
            return try Self.rename(temporary, target)
        }
        let aside = target + ".old-\(getpid())"
        try Self.rename(target, aside)
        do { try Self.rename(temporary, target) } catch {
            try? Self.rename(aside, target)
            throw error
        }
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// `rename(2)`, throwing its cause.
    static func rename(_ from: String, _ to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw Failure(
                "cannot rename '\(from)' to '\(to)': \(String(cString: strerror(errno)))")
        }
    }
}

import Ethereum
import EventLog
import Foundation
import SpottedProtocol

/// What `unwind` did (or, without confirmation, would do).
public struct UnwindReport: Encodable, Sendable {
    /// The ledger directory.
    public var ledger: String
    /// The head sequence before.
    public var previousHead: UInt64
    /// The new head sequence.
    public var headSequence: UInt64
    /// The new head hash.
    public var headHash: Word
    /// Entries removed.
    public var removedEvents: UInt64
    /// Snapshots removed.
    public var removedSnapshots: Int
    /// The file the removed entries were written to first, one export line each.
    public var removedTo: String
    /// Removed entries written to that file (fewer than removed when one could not be read).
    public var written: UInt64
    /// Why the entry after the written ones could not be read, if one could not.
    public var unreadable: String?
}

extension LedgerFiles {
    /// Removes every entry after `sequence` and the snapshots after it (like `reth stage unwind`),
    /// after writing the removed entries to `removedTo` as export lines (no end line: they are not a
    /// whole ledger). Refuses a `removedTo` that exists and a `sequence` past the head.
    public static func unwind(directory: String, to sequence: UInt64, removedTo: String)
        throws(QueryError) -> UnwindReport
    {
        let log = try open(directory, mode: .readWrite)
        let head = log.head.sequence
        guard sequence <= head else {
            throw .badArgument(field: "--to", reason: "--to \(sequence) is past the head \(head)")
        }
        guard !FileManager.default.fileExists(atPath: removedTo) else {
            throw .badArgument(
                field: "--removed-to", reason: "\(removedTo) exists; choose another file")
        }
        let (written, unreadable) = try writeRemoved(log, after: sequence, to: removedTo)
        let done: EventLog.UnwindReport
        do { done = try log.unwind(to: sequence) } catch { throw .engine(.log(error)) }
        return UnwindReport(
            ledger: directory, previousHead: head, headSequence: done.headSequence,
            headHash: done.headHash, removedEvents: done.removedEvents,
            removedSnapshots: done.removedSnapshots, removedTo: removedTo, written: written,
            unreadable: unreadable)
    }

    /// Writes the entries after `sequence` as export lines until one cannot be read.
    static func writeRemoved(_ log: EventLog, after sequence: UInt64, to path: String)
        throws(QueryError) -> (written: UInt64, unreadable: String?)
    {
        guard let file = fopen(path, "wx") else {
            throw .badArgument(field: "--removed-to", reason: "cannot create \(path)")
        }
        var written: UInt64 = 0
        var failedWrite = false
        var unreadable: String?
        do {
            try log.scan(from: sequence + 1) { (e) throws(EventLogError) in
                let name = EventCodec.name(of: e.record.kind) ?? "kind-\(e.record.kind)"
                failedWrite = fputs(ExportFormat.line(e, kindName: name) + "\n", file) < 0
                written += failedWrite ? 0 : 1
                return !failedWrite
            }
        } catch {
            unreadable = "\(error)"
        }
        let flushed = fflush(file) == 0
        fclose(file)
        guard !failedWrite, flushed else {
            throw .badArgument(
                field: "--removed-to", reason: "cannot write \(path); nothing was removed")
        }
        return (written, unreadable)
    }
}

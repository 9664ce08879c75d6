import Ethereum
import EventLog
import SpottedProtocol

/// The archive: resolved challenges and rewards submissions leave the resident state (which keeps
/// their running hash, ``StateArchive``) for the archive store in the log's LMDB environment.
///
/// Writing: the reducers queue each record they finalize; ``takeArchiveEntries()`` hands them
/// over and the submission stores them in the same write transaction as the entries
/// (`log.append(records, archive: takeArchiveEntries())`), so both are durable together.
/// Reading: ``archivedChallenge(_:)``, ``archivedChallenges()``, ``archivedRewards()`` read the
/// store as of the engine's sequence (records finalized at or below it).
extension Engine {
    /// The records the reducers finalized since the last call, as archive-store entries, in log
    /// order; the state forgets them. Call it after reducing a group and pass the result to
    /// `log.append(_:archive:)` with that group's records.
    public func takeArchiveEntries() -> [EventLog.ArchiveEntry] {
        state.takeArchived().map(Self.entry)
    }

    /// A record as the store keeps it: finalizing sequence, lookup key, canonical bytes.
    static func entry(_ record: StateArchive.Record) -> EventLog.ArchiveEntry {
        EventLog.ArchiveEntry(
            sequence: record.sequence, key: record.key, bytes: record.canonicalBytes)
    }

    /// Completes a store that is behind the log (`storedThrough` < `target`) with `missing`, the
    /// records a replay re-derived: written when the log is open for writing and the engine is at
    /// its head, else kept in memory for this engine's queries.
    func repairArchive(
        _ missing: [EventLog.ArchiveEntry], through target: UInt64, storedThrough: UInt64
    ) throws(EngineError) {
        guard log.mode != .readOnly, target == log.head.sequence else {
            archiveOverlay = missing
            return
        }
        do { try log.storeArchive(missing, through: target) } catch { throw .log(error) }
    }

    /// The sequence archive reads stop at: the one the engine was opened through, else the head.
    var archiveSequence: UInt64 { openedThrough ?? log.head.sequence }

    /// Every archived record finalized at or below the engine's sequence, in log order.
    public func archivedRecords() throws(EngineError) -> [StateArchive.Record] {
        let bound = archiveSequence
        var entries: [EventLog.ArchiveEntry]
        do { entries = try log.archiveEntries(in: 0...bound) } catch { throw .log(error) }
        let stored = Set(entries.map(\.sequence))
        entries += archiveOverlay.filter { $0.sequence <= bound && !stored.contains($0.sequence) }
        entries.sort { $0.sequence < $1.sequence }
        var out = [StateArchive.Record]()
        out.reserveCapacity(entries.count)
        for entry in entries { out.append(try Self.record(entry)) }
        return out
    }

    /// The resolved challenge `id` from the archive, if it was resolved at or below the engine's
    /// sequence.
    public func archivedChallenge(_ id: Word) throws(EngineError) -> Challenge? {
        guard let entry = try archiveEntry(key: StateArchive.Record.key(challenge: id)),
            case .challenge(let c) = try Self.record(entry)
        else { return nil }
        return c
    }

    /// The rewards submission of `epoch` from the archive, if made at or below the engine's
    /// sequence.
    public func archivedRewards(epoch: UInt32) throws(EngineError) -> RewardsRecord? {
        guard let entry = try archiveEntry(key: StateArchive.Record.key(rewardsEpoch: epoch)),
            case .rewards(let r) = try Self.record(entry)
        else { return nil }
        return r
    }

    /// Every resolved challenge in the archive (at or below the engine's sequence), in log order.
    public func archivedChallenges() throws(EngineError) -> [Challenge] {
        try archivedRecords().compactMap { if case .challenge(let c) = $0 { c } else { nil } }
    }

    /// Every rewards submission in the archive (at or below the engine's sequence), by epoch.
    public func archivedRewards() throws(EngineError) -> [UInt32: RewardsRecord] {
        var out = [UInt32: RewardsRecord]()
        for case .rewards(let r) in try archivedRecords() { out[r.epoch] = r }
        return out
    }

    /// The entry under `key`, from the store or the overlay, if finalized at or below the
    /// engine's sequence.
    private func archiveEntry(key: [UInt8]) throws(EngineError) -> EventLog.ArchiveEntry? {
        let found: EventLog.ArchiveEntry?
        do { found = try log.archiveEntry(key: key) } catch { throw .log(error) }
        let entry = found ?? archiveOverlay.first { $0.key == key }
        guard let entry, entry.sequence <= archiveSequence else { return nil }
        return entry
    }

    /// Decodes a stored record; bytes that do not decode are corruption at its sequence.
    static func record(_ entry: EventLog.ArchiveEntry) throws(EngineError) -> StateArchive.Record {
        do { return try StateArchive.Record(canonical: entry.bytes) } catch {
            throw .corrupt(sequence: entry.sequence, reason: "archive record: \(error)")
        }
    }
}

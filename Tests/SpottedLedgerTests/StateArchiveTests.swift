import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedTestSupport
import Testing

/// The archive (resolved challenges and rewards, in log order, hashed as they are written) is the
/// front of the canonical encoding, and its records live in the log's archive store, not in the
/// state: the root continues from the running hash, and the records the reducers hand out, put in
/// front of the live part, hash to that root. The store holds exactly those records, as of any
/// sequence, is repaired from the log when it lags, and loses what an unwind removes.
@Suite struct StateArchiveTests {
    /// The canonical encoding's header: the length-prefixed format tag.
    static let header: [UInt8] = {
        let tag = Array("spotted-ledger-state/3".utf8)
        return withUnsafeBytes(of: UInt64(tag.count).bigEndian) { Array($0) } + tag
    }()

    @Test(
        "at every epoch end: keccak(header ‖ records handed out ‖ live part) = root; the state keeps no record"
    )
    func rootContinuesFromArchive() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try EngineTests.simulate(path, seed: 5, epochs: 8)
        var handedOut = [StateArchive.Record]()
        var checked = 0
        _ = try Engine.replay(
            engine.log, signatures: .trusted,
            epochEnd: { _, state in
                let snapshot = state.snapshotEncoding()
                let live = (try? LedgerState.snapshotLiveBytes(of: snapshot)) ?? 0
                let canonical =
                    Self.header + handedOut.flatMap(\.canonicalBytes) + snapshot.suffix(live)
                #expect(state.root == Keccak256.hash(canonical))
                #expect(state.archive.records == handedOut.count)
                #expect(state.archive.byteCount == canonical.count - live)
                #expect(state.archive.pending.isEmpty, "replay hands every record out")
                #expect(
                    state.stateDisputeResolver.challenges.values.allSatisfy { $0.resolution == nil }
                )
                #expect((try? LedgerState(snapshot: snapshot)) == state)
                checked += 1
            },
            archived: { handedOut += $0 })
        #expect(checked == Int(engine.state.currentEpoch), "every epoch end")
        #expect(handedOut.map(\.sequence) == handedOut.map(\.sequence).sorted())
        #expect(handedOut.count >= 3, "the history resolves challenges and pays rewards")
        // The store holds exactly the records the log finalizes, byte for byte.
        #expect(try engine.archivedRecords() == handedOut)
        for record in handedOut {
            #expect(try StateArchive.Record(canonical: record.canonicalBytes) == record)
        }
    }

    @Test("an engine opened through a sequence sees exactly the records finalized at or below it")
    func archiveAsOfSequence() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let head = try EngineTests.simulate(path, seed: 5, epochs: 8).log.head.sequence
        var all = [StateArchive.Record]()
        _ = try Engine.replay(engine(path).log, signatures: .trusted, archived: { all += $0 })
        let middle = try #require(all.dropFirst(all.count / 2).first).sequence
        for through in [middle - 1, middle, head] {
            let past = try Engine.open(directory: path, through: through)
            let expected = all.filter { $0.sequence <= through }
            #expect(try past.archivedRecords() == expected)
            for case .challenge(let c) in all {
                let seen = try past.archivedChallenge(c.id)
                #expect((seen != nil) == (c.resolution?.sequence ?? .max <= through))
            }
        }
    }

    @Test(
        "a store behind the log (entries appended without records) is re-derived: in memory read-only, written on a writable open"
    )
    func repairFromLog() throws {
        let path = EngineTests.directory()
        let copy = EngineTests.directory()
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: copy)
        }
        let original = try EngineTests.simulate(path, seed: 5, epochs: 8)
        let expected = try original.archivedRecords()
        #expect(try original.log.archiveThrough() == original.log.head.sequence)
        // The same entries, appended without their records (an older build's ledger).
        let bare = try EventLog(directory: copy)
        for batch in try original.log.entries(from: 1, limit: 100_000).chunked(into: 97) {
            try bare.append(batch.map(\.record))
        }
        #expect(try bare.archiveThrough() == 0 && bare.archiveEntries(in: 0...UInt64.max).isEmpty)
        let readOnly = try Engine.open(directory: copy)
        #expect(try readOnly.archivedRecords() == expected, "re-derived in memory")
        #expect(try readOnly.log.archiveThrough() == 0, "a read-only open writes nothing")
        #expect(
            try ReportJSON.render(readOnly.slashAudit(challenge: nil))
                == ReportJSON.render(original.slashAudit(challenge: nil)))
        let writable = try Engine(directory: copy)
        #expect(try writable.log.archiveThrough() == writable.log.head.sequence)
        #expect(try writable.log.archiveEntries(in: 0...UInt64.max).count == expected.count)
        #expect(try Engine.open(directory: copy).archivedRecords() == expected, "now on disk")
    }

    @Test("unwind removes the records past the new head with the entries")
    func unwindDropsRecords() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try EngineTests.simulate(path, seed: 5, epochs: 8)
        let all = try engine.archivedRecords()
        let cut = try #require(all.last).sequence - 1
        _ = try engine.log.unwind(to: cut)
        #expect(try engine.log.archiveThrough() == cut)
        #expect(try engine.log.archiveEntries(in: 0...UInt64.max).map(\.sequence).max() ?? 0 <= cut)
        let reopened = try Engine(directory: path)
        #expect(try reopened.archivedRecords() == all.filter { $0.sequence <= cut })
        #expect(try reopened.log.archiveThrough() == cut)
    }

    @Test(
        "SIGKILLed simulations: the records were committed with their entries (archive-through = head, the store = what replay derives)"
    )
    func killedWriters() throws {
        guard FileManager.default.isExecutableFile(atPath: CLITests.tool.path) else {
            Issue.record("missing \(CLITests.tool.path): build all products first")
            return
        }
        var rng = SplitMix64(seed: 0xA4C1)
        var killedWithRecords = 0
        for round in 0..<8 {
            let dir = EngineTests.directory()
            let process = Process()
            process.executableURL = CLITests.tool
            process.arguments = [
                "simulate", "--ledger", dir, "--operators", "30", "--chains", "3", "--epochs", "8",
                "--dishonest", "2",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed mid-flight, the ledger is in its temporary sibling (see LedgerCreation).
            let partial = dir + ".partial-\(process.processIdentifier)"
            // The kill comes once the writer has committed 1…4 records (seen by a reader).
            let wanted = 1 + Int(rng.next() % 4)
            while process.isRunning, Self.storedRecords(partial) < wanted { usleep(5_000) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(atPath: dir)
                try? FileManager.default.removeItem(atPath: partial)
            }
            let path = FileManager.default.fileExists(atPath: partial + "/data.mdb") ? partial : dir
            guard FileManager.default.fileExists(atPath: path + "/data.mdb") else { continue }
            let log = try EventLog(directory: path, options: EventLog.Options(mode: .readOnly))
            #expect(try log.archiveThrough() == log.head.sequence, "round \(round)")
            var derived = [StateArchive.Record]()
            _ = try Engine.replay(log, signatures: .trusted, archived: { derived += $0 })
            #expect(try Engine.open(directory: path).archivedRecords() == derived, "round \(round)")
            if process.terminationReason == .uncaughtSignal && !derived.isEmpty {
                killedWithRecords += 1
            }
        }
        #expect(killedWithRecords >= 6, "only \(killedWithRecords) kills after the first record")
    }

    private func engine(_ path: String) throws -> Engine { try Engine.open(directory: path) }

    /// Archive records a reader finds in the ledger at `path` (0 while there is none).
    static func storedRecords(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path + "/data.mdb"),
            let log = try? EventLog(directory: path, options: EventLog.Options(mode: .readOnly))
        else { return 0 }
        return (try? log.archiveEntries(in: 0...UInt64.max).count) ?? 0
    }
}

extension Array {
    /// The array cut into runs of at most `size` elements.
    fileprivate func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

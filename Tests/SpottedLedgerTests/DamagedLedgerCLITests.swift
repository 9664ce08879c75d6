import Foundation
import Testing

/// A damaged tail: read commands refuse it naming the first bad sequence, `replay --through`
/// analyses the intact prefix, and `unwind` cuts the tail off after saving it.
@Suite(.serialized) struct DamagedLedgerCLITests {
    /// Flips one byte of every stored copy of `hash` in `data.mdb` (the live copy among them).
    static func damage(entryHash hash: String, in ledger: String) throws {
        let path = ledger + "/data.mdb"
        var data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = stride(from: 2, to: hash.count, by: 2).map { i in
            UInt8(
                hash[
                    hash.index(
                        hash.startIndex, offsetBy: i)..<hash.index(hash.startIndex, offsetBy: i + 2)
                ], radix: 16) ?? 0
        }
        var found = 0
        var i = 0
        while i + needle.count <= data.count {
            if data[i] == needle[0], Array(data[i..<(i + needle.count)]) == needle {
                data[i + 5] ^= 0xFF
                found += 1
            }
            i += 1
        }
        #expect(found > 0)
        try Data(data).write(to: URL(fileURLWithPath: path))
    }

    @Test(
        "a damaged tail: refused with its sequence, replay --through below it works, unwind removes it"
    )
    func damagedTail() throws {
        let dir = NSTemporaryDirectory() + "spotted-damaged-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = dir + "/ledger"
        let sim = try CLITests.run([
            "simulate", "--ledger", ledger, "--operators", "6", "--chains", "1", "--epochs", "3",
            "--dishonest", "0", "--json",
        ])
        #expect(sim.status == 0, "\(sim.err)")
        let head = try #require(Int((try CLITests.json(sim.out))["events"] as? String ?? ""))
        let verifyBefore = try CLITests.json(
            try CLITests.run(["verify", "--ledger", ledger, "--json"]).out)
        let headHash = try #require(verifyBefore["headHash"] as? String)
        try Self.damage(entryHash: headHash, in: ledger)

        let verify = try CLITests.run(["verify", "--ledger", ledger])
        #expect(verify.status == 1 && verify.out.contains("INVALID"))
        let state = try CLITests.run(["state", "--ledger", ledger])
        #expect(
            state.status == 1 && state.err.contains("damaged from sequence \(head)"), "\(state.err)"
        )
        let prefix = try CLITests.run([
            "replay", "--ledger", ledger, "--through", "\(head - 1)", "--json",
        ])
        #expect(prefix.status == 0, "\(prefix.err)")
        #expect(prefix.err.contains("warning") && prefix.err.contains("\(head)"))

        for command in [["state"], ["stats"], ["diff"], ["queue", "--epoch", "1"]] {
            let run = try CLITests.run(command + ["--ledger", ledger, "--through", "\(head - 1)"])
            #expect(run.status == 0 && run.err.contains("warning"), "\(command): \(run.err)")
        }
        let events = try CLITests.run(["events", "--ledger", ledger, "--from", "\(head - 2)"])
        #expect(events.status == 1 && events.err.contains("damaged from sequence \(head)"))
        let allowed = try CLITests.run([
            "events", "--ledger", ledger, "--from", "\(head - 2)", "--allow-damaged",
        ])
        #expect(allowed.status == 0 && allowed.err.contains("warning"), "\(allowed.err)")
        #expect(try CLITests.run(["export", "--ledger", ledger, "--output", "-"]).status == 1)
        let marked = try CLITests.run([
            "export", "--ledger", ledger, "--output", "-", "--allow-damaged",
        ])
        #expect(marked.status == 0)
        #expect(marked.out.split(separator: "\n").last == #"{"damagedFrom":"\#(head)"}"#)
        #expect(
            try CLITests.run(["unwind", "--ledger", ledger, "--to", "\(head - 1)"]).status == 2)
        let removed = dir + "/removed.jsonl"
        let unwind = try CLITests.run([
            "unwind", "--ledger", ledger, "--to", "\(head - 1)", "--removed-to", removed, "--yes",
            "--json",
        ])
        #expect(unwind.status == 0, "\(unwind.err)")
        let report = try CLITests.json(unwind.out)
        #expect(report["headSequence"] as? String == "\(head - 1)")
        #expect(FileManager.default.fileExists(atPath: removed))
        let after = try CLITests.run(["verify", "--ledger", ledger, "--json"])
        #expect(after.status == 0, "\(after.out)")
    }
}

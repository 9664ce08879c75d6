import Foundation
import Testing

/// The live commands: `events --follow` in one process sees what `submit` appends in another.
@Suite struct CLILiveTests {
    @Test(
        "events --follow streams the backlog, then another process's appends, and stops at --limit")
    func followSeesAnotherWriter() throws {
        let dir = NSTemporaryDirectory() + "spotted-follow-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = dir + "/l"
        let sim = try CLITests.run([
            "simulate", "--ledger", ledger, "--operators", "4", "--chains", "1", "--epochs", "2",
        ])
        #expect(sim.status == 0, "\(sim.err)")
        let head = try #require(
            UInt64(
                try CLITests.run(["events", "--ledger", ledger, "--limit", "100000", "--json"]).out
                    .components(separatedBy: "\"sequence\":\"").last?.prefix { $0.isNumber } ?? ""))
        let follower = Process()
        follower.executableURL = CLITests.tool
        follower.arguments = [
            "events", "--ledger", ledger, "--follow", "--from", "\(head)", "--limit", "4", "--json",
            "--poll-ms", "20",
        ]
        let out = Pipe()
        follower.standardOutput = out
        try follower.run()
        let writes = (1...3).map { i in
            #"{"kind":"set-value","chainId":"2","blockNumber":"100000","timestamp":"1","sender":"0x00000000000000000000000000000000000000a\#(i)","fields":{"key":"1","value":"\#(i)"}}"#
        }
        try (writes.joined(separator: "\n") + "\n").write(
            toFile: dir + "/writes.jsonl", atomically: true, encoding: .utf8)
        let submitted = try CLITests.run(["submit", "--ledger", ledger, dir + "/writes.jsonl"])
        #expect(submitted.status == 0, "\(submitted.out) \(submitted.err)")
        follower.waitUntilExit()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n")
        #expect(follower.terminationStatus == 0 && lines.count == 4)
        let sequences = lines.compactMap { line in
            line.components(separatedBy: "\"sequence\":\"").dropFirst().first?.prefix {
                $0.isNumber
            }
        }
        #expect(sequences.map(String.init) == (head...(head + 3)).map(String.init))
        #expect(lines.last?.contains("\"value\":\"3\"") == true)
    }
}

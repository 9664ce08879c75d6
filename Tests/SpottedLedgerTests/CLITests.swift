import Foundation
import Testing

/// The command-line tool, run as a real process: output, `--json`, exit codes and bad input.
@Suite(.serialized) struct CLITests {
    static var tool: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("spotted-ledger")
    }

    struct Run {
        let status: Int32
        let out: String
        let err: String
    }

    /// Runs the tool with `arguments`, `input` as its standard input and `environment` added.
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> Run {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(
        "every command on a simulated ledger, with --json; bad input is a clear error with exit code 2 or 1"
    )
    func commands() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tool.path) else {
            Issue.record(
                "missing \(Self.tool.path): build all products first (swift build --build-tests)")
            return
        }
        let dir = NSTemporaryDirectory() + "spotted-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = dir + "/ledger"
        let sim = try Self.run([
            "simulate", "--ledger", ledger, "--operators", "12", "--chains", "2", "--epochs", "5",
            "--dishonest", "2", "--json",
        ])
        #expect(sim.status == 0, "\(sim.err)")
        let summary = try Self.json(sim.out)
        #expect((summary["successfulChallenges"] as? Int ?? 0) > 0)
        let root = try #require(summary["stateRoot"] as? String)

        let replay = try Self.json(try Self.run(["replay", "--ledger", ledger, "--json"]).out)
        #expect(replay["stateRoot"] as? String == root)
        let verify = try Self.run(["verify", "--ledger", ledger, "--json"])
        let verifyJSON = try Self.json(verify.out)
        #expect(verify.status == 0 && verifyJSON["valid"] as? Bool == true)
        let diff = try Self.run(["diff", "--ledger", ledger, "--json"])
        let diffJSON = try Self.json(diff.out)
        #expect(diff.status == 0 && diffJSON["differing"] as? Int == 0)
        let audit = try Self.run(["audit", "--ledger", ledger, "--first", "--json"])
        #expect(audit.status == 0)
        let trail = try Self.json(audit.out)
        #expect((trail["slashes"] as? [Any])?.isEmpty == false)
        #expect(
            (trail["signers"] as? [[String: Any]])?.allSatisfy { $0["rechecked"] as? Bool == true }
                == true)
        #expect(try Self.run(["stats", "--ledger", ledger]).out.contains("events"))
        #expect(try Self.run(["state", "--ledger", ledger, "--epoch", "2"]).status == 0)
        let events = try Self.run([
            "events", "--ledger", ledger, "--kind", "submit-challenge", "--json",
        ])
        #expect(events.status == 0 && events.out.contains("submit-challenge"))

        let queue = try Self.run(["queue", "--ledger", ledger, "--epoch", "2", "--json"])
        let queueJSON = try Self.json(queue.out)
        #expect(queue.status == 0 && (queueJSON["updates"] as? [Any])?.isEmpty == false)
        let slashed = try #require(
            (trail["slashes"] as? [[String: Any]])?.first?["operator"] as? String)
        let history = try Self.run(["history", "--ledger", ledger, "--operator", slashed, "--json"])
        let changes = try #require((try Self.json(history.out))["changes"] as? [[String: Any]])
        #expect(changes.contains { $0["kind"] as? String == "register-operator" })
        #expect(changes.contains { $0["kind"] as? String == "resolve-challenge" })
        #expect(try Self.run(["tour", "--operators", "2"]).out.contains("✓"))
        #expect(
            try Self.run(["demo", "--operators", "2"]).out.contains("✓"),
            "demo stays an alias of tour")
        #expect(try Self.run(["tour", "--operators", "0"]).status == 2)

        // --epoch-length is an alias of --epoch-length-blocks: the same history.
        let small = [
            "--operators", "4", "--chains", "1", "--epochs", "2", "--dishonest", "0", "--json",
        ]
        let long = try Self.json(
            try Self.run(
                ["simulate", "--ledger", dir + "/blocks", "--epoch-length-blocks", "400"] + small
            ).out)
        let short = try Self.json(
            try Self.run(["simulate", "--ledger", dir + "/alias", "--epoch-length", "400"] + small)
                .out)
        #expect(
            long["stateRoot"] as? String != nil
                && long["stateRoot"] as? String == short["stateRoot"] as? String)
        #expect(
            try Self.run(["simulate", "--ledger", dir + "/tiny", "--epoch-length-blocks", "8"])
                .status == 2)

        // Export, import elsewhere: the same root.
        let export = dir + "/export.jsonl"
        #expect(try Self.run(["export", "--ledger", ledger, "--output", export]).status == 0)
        let imported = try Self.run([
            "import", "--ledger", dir + "/copy", "--input", export, "--json",
        ])
        let importedJSON = try Self.json(imported.out)
        #expect(imported.status == 0 && importedJSON["stateRoot"] as? String == root)
        // A malformed export line: exit 1 with the line number.
        var lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n").map(
            String.init)
        lines[4] = String(lines[4].dropLast(7))
        try lines.joined(separator: "\n").write(
            toFile: dir + "/bad.jsonl", atomically: true, encoding: .utf8)
        let bad = try Self.run(["import", "--ledger", dir + "/bad", "--input", dir + "/bad.jsonl"])
        #expect(bad.status == 1 && bad.err.contains("line 5"))

        // Bad usage: exit 2 with a message naming the field.
        let unknown = try Self.run(["replay", "--ledger", dir + "/nowhere"])
        #expect(unknown.status == 2 && unknown.err.contains("no ledger"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere"))
        let epoch = try Self.run(["replay", "--ledger", ledger, "--epoch", "999"])
        #expect(epoch.status == 2 && epoch.err.contains("--epoch"))
        let hex = try Self.run([
            "check-signature", "--ledger", ledger, "--digest", "0xzz", "--signature-data", "0x",
        ])
        #expect(hex.status == 2 && hex.err.contains("--digest"))
        // A refused check: exit 1 with the rule.
        let refused = try Self.run([
            "check-signature", "--ledger", ledger, "--digest",
            "0x" + String(repeating: "11", count: 32), "--signature-data", "0x1234",
        ])
        #expect(refused.status == 1 && refused.out.contains("InvalidPayload"))

        // A corrupted ledger: verify names the sequence, exit 1.
        let data = URL(fileURLWithPath: ledger + "/data.mdb")
        var bytes = try Data(contentsOf: data)
        // Flip every stored copy of entry 1's hash (LMDB keeps stale page copies too, so all of them).
        let firstEvent = try Self.json(
            String(
                try Self.run(["events", "--ledger", ledger, "--limit", "1", "--json"]).out
                    .dropFirst().dropLast(2)))
        let hash = try #require(firstEvent["hash"] as? String)
        let hashBytes = Data(
            (0..<32).map { i in UInt8(hash.dropFirst(2 + i * 2).prefix(2), radix: 16) ?? 0 })
        var searchStart = bytes.startIndex
        var flipped = 0
        while let range = bytes.range(of: hashBytes, in: searchStart..<bytes.endIndex) {
            bytes[range.lowerBound] ^= 0xff
            searchStart = range.upperBound
            flipped += 1
        }
        #expect(flipped > 0)
        try bytes.write(to: data)
        let corrupt = try Self.run(["verify", "--ledger", ledger])
        #expect(corrupt.status == 1 && (corrupt.out + corrupt.err).contains("sequence 1"))
    }
}

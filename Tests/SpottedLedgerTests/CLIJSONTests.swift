import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

/// The `--json` contract (docs/cli.md): every command's output validates against its schema in
/// docs/schemas/ (checked by tools/check_schemas.py with Python `jsonschema`), no integer past
/// 2^53 is a JSON number, absent values are null, and errors are one `{"error": …}` line.
@Suite(.serialized) struct CLIJSONTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs the tool with `arguments`, keeps its standard output as `dir/name.json`, and checks
    /// the exit code.
    @discardableResult
    static func save(
        _ name: String, _ arguments: [String], in dir: String, status: Int32 = 0
    ) throws -> [String: Any] {
        let run = try CLITests.run(arguments)
        #expect(run.status == status, "\(arguments): \(run.err)")
        try run.out.write(toFile: "\(dir)/\(name).json", atomically: true, encoding: .utf8)
        let parsed = try JSONSerialization.jsonObject(with: Data(run.out.utf8))
        return parsed as? [String: Any] ?? ["array": parsed]
    }

    @Test("every command's --json output and error validates against its schema")
    func outputsMatchTheirSchemas() throws {
        guard FileManager.default.isExecutableFile(atPath: CLITests.tool.path) else {
            Issue.record("missing \(CLITests.tool.path): build all products first")
            return
        }
        let dir = NSTemporaryDirectory() + "spotted-json-\(UUID().uuidString)"
        let out = dir + "/outputs"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = dir + "/ledger"
        let sim = try Self.save(
            "simulate",
            [
                "simulate", "--ledger", ledger, "--operators", "12", "--chains", "2", "--epochs",
                "5", "--dishonest", "2", "--seed", "18446744073709551615", "--json",
            ], in: out)
        #expect(sim["seed"] as? String == "18446744073709551615", "a u64 is a decimal string")
        try Self.saveReads(ledger, in: out)
        try Self.saveFiles(ledger, dir: dir, in: out)
        try Self.saveErrors(ledger, dir: dir, in: out)
        let check = try Self.checkSchemas(out)
        #expect(check.status == 0, "\(check.out)\(check.err)")
    }

    /// The read commands, each with --json.
    static func saveReads(_ ledger: String, in out: String) throws {
        let l = ["--ledger", ledger, "--json"]
        try save("replay", ["replay", "--roots"] + l, in: out)
        try save("replay.epoch", ["replay", "--epoch", "2"] + l, in: out)
        let verify = try save("verify", ["verify"] + l, in: out)
        #expect(verify["problem"] is NSNull, "absent is null")
        let stats = try save("stats", ["stats"] + l, in: out)
        #expect(stats["events"] is String && stats["treasury"] is String)
        try save("state", ["state"] + l, in: out)
        try save("state.epoch", ["state", "--epoch", "2"] + l, in: out)
        let audit = try save("audit", ["audit", "--first"] + l, in: out)
        // A simulated ledger holds no signed transactions: the list is there, empty.
        #expect((audit["transactions"] as? [Any])?.isEmpty == true)
        let slashed = try #require(
            (audit["slashes"] as? [[String: Any]])?.first?["operator"] as? String)
        try save("history", ["history", "--operator", slashed] + l, in: out)
        try saveSigning(ledger, audit: audit, in: out)
        try save("queue", ["queue", "--epoch", "2"] + l, in: out)
        try save("queue.future", ["queue", "--epoch", "5"] + l, in: out)
        try save("diff", ["diff"] + l, in: out)
        try saveReport(l, stats: stats, in: out)
        try save("events", ["events", "--limit", "40"] + l, in: out)
        try save("events.kind", ["events", "--kind", "submit-challenge"] + l, in: out)
        let refused = try save(
            "check-signature",
            ["check-signature", "--digest", "0x" + String(repeating: "11", count: 32)]
                + ["--signature-data", "0x1234"] + l, in: out, status: 1)
        #expect(refused["magicValue"] is NSNull && refused["rule"] as? String == "InvalidPayload")
        try save("tour", ["tour", "--operators", "3", "--json"], in: out)
    }

    /// The rewards of the first rewarded epoch, and the signing helpers on the audited challenge:
    /// `claim digest` rebuilds its digest, `recover` finds its signer, `bundle encode` wraps it.
    static func saveSigning(_ ledger: String, audit: [String: Any], in out: String) throws {
        let l = ["--ledger", ledger, "--json"]
        let submitted = try save(
            "events.rewards", ["events", "--kind", "submit-rewards", "--limit", "1"] + l, in: out)
        let first = try #require((submitted["array"] as? [[String: Any]])?.first)
        let epoch = try #require((first["fields"] as? [String: Any])?["epoch"] as? String)
        let rewards = try save("rewards", ["rewards", "--epoch", epoch] + l, in: out)
        #expect(rewards["sequence"] as? String == first["sequence"] as? String)
        #expect((rewards["operators"] as? [Any])?.isEmpty == false)
        let none = try save("error.rewards", ["rewards", "--epoch", "0"] + l, in: out, status: 1)
        #expect(Self.error(none, code: "NotFound", field: nil))
        let claim = try #require(audit["claim"] as? [String: String])
        let fields = ["user", "chainId", "blockNumber", "timestamp", "key", "claimedValue"]
        let values = try fields.map { try #require(claim[$0]) }
        let digest = try save(
            "claim-digest",
            ["claim", "digest", "--user", values[0], "--chain", values[1], "--block", values[2]]
                + ["--timestamp", values[3], "--key", values[4], "--value", values[5]] + l,
            in: out)
        #expect(digest["digest"] as? String == claim["digest"])
        #expect(digest["taskId"] as? String == audit["challenge"] as? String)
        let signer = try #require((audit["signers"] as? [[String: Any]])?.first)
        let challenge = try save(
            "events.challenge",
            ["events", "--kind", "submit-challenge", "--from"]
                + [try #require(audit["submittedSequence"] as? String), "--limit", "1"] + l,
            in: out)
        let signature = try #require(
            (((challenge["array"] as? [[String: Any]])?.first?["fields"] as? [String: Any])?[
                "signatures"] as? [String])?.first)
        let recovered = try save(
            "recover",
            ["recover", "--digest", try #require(claim["digest"]), "--signature", signature] + l,
            in: out)
        #expect(recovered["signer"] as? String == signer["signingKey"] as? String)
        #expect(recovered["operator"] as? String == signer["operator"] as? String)
        let op = try #require(signer["operator"] as? String)
        let bundle = try save(
            "bundle-encode",
            ["bundle", "encode", "--operator", op, "--signature", signature]
                + ["--reference-epoch", "1", "--json"], in: out)
        #expect(bundle["operators"] as? [String] == [op])
        #expect((bundle["signatureData"] as? String)?.contains(signature.dropFirst(2)) == true)
    }

    /// Export and import summaries; an import of a malformed line, refused with its sequence.
    /// epochs and report, each with --json (`l`: the ledger options).
    static func saveReport(_ l: [String], stats: [String: Any], in out: String) throws {
        let epochs = try save("epochs", ["epochs"] + l, in: out)
        #expect(epochs["events"] as? String == stats["events"] as? String, "every event in a row")
        try save(
            "epochs.range",
            ["epochs", "--from-epoch", "1", "--to-epoch", "3", "--max-rows", "2"] + l, in: out)
        let html = NSTemporaryDirectory() + "spotted-report-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: html) }
        let report = try save("report", ["report", "--out", html] + l, in: out)
        let bytes = (try FileManager.default.attributesOfItem(atPath: html)[.size] as? Int) ?? -1
        #expect(report["bytes"] as? Int == bytes && report["path"] as? String == html)
    }

    static func saveFiles(_ ledger: String, dir: String, in out: String) throws {
        let export = dir + "/export.jsonl"
        let exported = try save(
            "export", ["export", "--ledger", ledger, "--output", export, "--json"], in: out)
        let imported = try save(
            "import", ["import", "--ledger", dir + "/copy", "--input", export, "--json"], in: out)
        #expect(imported["events"] as? String == exported["events"] as? String)
        let head = try #require(Int(imported["events"] as? String ?? ""))
        let unwound = try save(
            "unwind",
            ["unwind", "--ledger", dir + "/copy", "--to", "\(head - 2)", "--yes", "--json"], in: out
        )
        #expect(unwound["removedEvents"] as? String == "2" && unwound["unreadable"] is NSNull)
        var lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
            .map(String.init)
        lines[4] = String(lines[4].dropLast(7))
        try lines.joined(separator: "\n").write(
            toFile: dir + "/bad.jsonl", atomically: true, encoding: .utf8)
        let bad = try save(
            "error.import-line",
            ["import", "--ledger", dir + "/bad", "--input", dir + "/bad.jsonl", "--json"],
            in: out, status: 1)
        let error = try #require(bad["error"] as? [String: Any])
        #expect(error["code"] as? String == "ImportRefused" && error["sequence"] as? String == "5")
        #expect((error["message"] as? String)?.contains("line 5") == true)
        try saveSubmit(ledger, dir: dir, in: out)
    }

    /// `submit`: the ledger's own `events --json` entries, as JSON lines, rebuild it in a new
    /// ledger with the same head; submitted again, every line is refused (exit 1).
    static func saveSubmit(_ ledger: String, dir: String, in out: String) throws {
        let listing = try CLITests.run([
            "events", "--ledger", ledger, "--limit", "100000", "--json",
        ])
        let rows = try #require(
            JSONSerialization.jsonObject(with: Data(listing.out.utf8)) as? [Any])
        let lines = try rows.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: dir + "/actions.jsonl", atomically: true, encoding: .utf8)
        let built = try save(
            "submit",
            [
                "submit", "--ledger", dir + "/resubmitted", "--create", "--json",
                dir + "/actions.jsonl",
            ],
            in: out)
        let verify = try CLITests.run(["verify", "--ledger", ledger, "--json"])
        let original = try #require(
            JSONSerialization.jsonObject(with: Data(verify.out.utf8)) as? [String: Any])
        #expect(built["accepted"] as? Int == rows.count && built["refused"] as? Int == 0)
        #expect(built["headHash"] as? String == original["headHash"] as? String)
        let again = try save(
            "submit.refused",
            ["submit", "--ledger", dir + "/resubmitted", "--json", dir + "/actions.jsonl"], in: out,
            status: 1)
        #expect(again["accepted"] as? Int == 0 && again["refused"] as? Int == rows.count)
    }

    /// Errors with --json: one line on standard output, exit 2 for usage and 1 for failure.
    static func saveErrors(_ ledger: String, dir: String, in out: String) throws {
        let missing = try save(
            "error.no-ledger", ["replay", "--ledger", dir + "/nowhere", "--json"], in: out,
            status: 2)
        #expect(Self.error(missing, code: "NoLedger", field: "ledger"))
        let exists = try save(
            "error.exists", ["simulate", "--ledger", ledger, "--json"], in: out, status: 2)
        #expect(Self.error(exists, code: "LedgerExists", field: "ledger"))
        let epoch = try save(
            "error.epoch", ["replay", "--ledger", ledger, "--epoch", "999", "--json"], in: out,
            status: 2)
        #expect(Self.error(epoch, code: "BadArgument", field: "epoch"))
        let parse = try save(
            "error.parse", ["events", "--ledger", ledger, "--limit", "many", "--json"], in: out,
            status: 2)
        #expect(Self.error(parse, code: "BadArgument", field: "limit"))
        let noChallenge = try save(
            "error.not-found",
            ["audit", "--ledger", ledger, "--challenge", "0x" + String(repeating: "0", count: 64)]
                + ["--json"], in: out, status: 1)
        #expect(Self.error(noChallenge, code: "NotFound", field: nil))
        // Without --json: one line on standard error, nothing on standard output.
        let text = try CLITests.run(["replay", "--ledger", ledger, "--epoch", "999"])
        #expect(text.status == 2 && text.out.isEmpty)
        #expect(text.err.split(separator: "\n").count == 1 && text.err.contains("--epoch"))
    }

    static func error(_ document: [String: Any], code: String, field: String?) -> Bool {
        guard let error = document["error"] as? [String: Any], error.count == 5 else {
            return false
        }
        return error["code"] as? String == code && (error["field"] as? String) == field
            && (field != nil || error["field"] is NSNull) && error["rule"] is NSNull
    }

    /// Runs tools/check_schemas.py on `dir` with the repository's .venv (tools/setup).
    static func checkSchemas(_ dir: String) throws -> CLITests.Run {
        let venv = repository.appendingPathComponent(".venv/bin/python").path
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: FileManager.default.isExecutableFile(atPath: venv)
                ? venv : "/usr/bin/python3")
        process.arguments = [repository.appendingPathComponent("tools/check_schemas.py").path, dir]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Run(
            status: process.terminationStatus, out: String(decoding: o, as: UTF8.self),
            err: String(decoding: e, as: UTF8.self))
    }

    @Test("ReportJSON writes u64 and uint256 as decimal strings, u32 as numbers, absent as null")
    func integerRule() throws {
        struct Sample: Encodable {
            var big = UInt256(UInt64.max).addingReportingOverflow(UInt256(12_346)).partialValue
            var sequence = UInt64.max
            var epoch: UInt32 = 7
            var count = 3
            var missing: UInt64? = nil
            var none = OrAbsent<Word>(nil, absent: "none")
        }
        #expect(
            try ReportJSON.render(Sample())
                == #"{"big":"18446744073709563961","sequence":"18446744073709551615","epoch":7,"count":3,"missing":null,"none":null}"#
        )
        let rule = ProtocolError.stakeRegistry(.operatorAlreadyRegistered(.zero))
        let replayed = ErrorReport(
            QueryError.importRefused(
                ImportLineError(
                    line: 7, reason: "refused",
                    refusal: .refused(index: 0, Refusal(rule, sequence: 7)))))
        #expect(replayed.error.code == String(rule.code) && rule.code == 401)
        #expect(replayed.error.rule == "OperatorAlreadyRegistered" && replayed.error.sequence == 7)
        let refused = ErrorReport(QueryError.badArgument(field: "epoch", reason: "--epoch 9\nlate"))
        #expect(
            try ReportJSON.render(refused)
                == #"{"error":{"code":"BadArgument","rule":null,"field":"epoch","sequence":null,"message":"--epoch 9 late"}}"#
        )
    }
}

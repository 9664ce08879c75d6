import EventLog
import Foundation
import SpottedTestSupport
import Testing

/// Creating ledgers with the built tool: import edge cases, atomic creation (a refusal or an
/// interruption leaves nothing), `-` streams, overwrite refusal and `--force`.
@Suite(.serialized) struct CLICreationTests {
    typealias Run = CLITests.Run

    /// Runs the tool (``CLITests/run(_:input:environment:)``).
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> Run {
        try CLITests.run(arguments, input: input, environment: environment)
    }

    /// A scratch directory with a small simulated ledger and its export.
    struct Fixture {
        let dir = NSTemporaryDirectory() + "spotted-create-\(UUID().uuidString)"
        var ledger: String { dir + "/source" }
        var export: String { dir + "/source.jsonl" }
        var head = ""
        var root = ""
        var lines = [String]()

        init(epochs: Int = 3) throws {
            let sim = try CLICreationTests.run([
                "simulate", "--ledger", dir + "/source", "--operators", "4", "--chains", "1",
                "--epochs", "\(epochs)", "--dishonest", "1", "--json",
            ])
            #expect(sim.status == 0, "\(sim.err)")
            let summary = try CLITests.json(sim.out)
            head = try #require(summary["headHash"] as? String)
            root = try #require(summary["stateRoot"] as? String)
            let export = try CLICreationTests.run([
                "export", "--ledger", dir + "/source", "--output", dir + "/source.jsonl",
            ])
            #expect(export.status == 0, "\(export.err)")
            lines = try String(contentsOfFile: dir + "/source.jsonl", encoding: .utf8)
                .split(separator: "\n").map(String.init)
        }

        /// Writes `bytes` to a file named `name` in the scratch directory and returns its path.
        func write(_ name: String, _ bytes: Data) throws -> String {
            let path = dir + "/" + name
            try bytes.write(to: URL(fileURLWithPath: path))
            return path
        }

        /// What the scratch directory holds whose name starts with `prefix`.
        func entries(startingWith prefix: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir).filter {
                $0.hasPrefix(prefix)
            }
        }

        /// Imports `file` into a new ledger `name`; on success checks the source's head and root,
        /// on refusal that nothing named `name` (nor its temporary) is left.
        func importChecked(_ file: String, as name: String, accepted: Bool) throws -> Run {
            let run = try CLICreationTests.run([
                "import", "--ledger", dir + "/" + name, "--input", file, "--json",
            ])
            if accepted {
                #expect(run.status == 0, "\(name): \(run.err)")
                let report = try CLITests.json(run.out)
                #expect(report["headHash"] as? String == head, "\(name)")
                #expect(report["stateRoot"] as? String == root, "\(name)")
            } else {
                #expect(run.status == 1, "\(name): \(run.out) \(run.err)")
                let left = try entries(startingWith: name).filter { !$0.hasSuffix(".jsonl") }
                #expect(left.isEmpty, "\(name) left files behind")
            }
            return run
        }
    }

    /// The export lines re-serialized by `JSONSerialization` (other spacing, sorted keys).
    static func reserialized(_ lines: [String], spacing: Bool) throws -> [String] {
        try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            let text = String(decoding: data, as: UTF8.self)
            return spacing
                ? text.replacingOccurrences(of: "\":", with: "\" :  ")
                    .replacingOccurrences(of: ",\"", with: " ,\t\"") : text
        }
    }

    @Test("import accepts any JSON spacing, key order, CRLF and trailing blank lines")
    func importAcceptsAnyJSONLayout() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        let variants: [(String, String)] = [
            ("spaced", try Self.reserialized(f.lines, spacing: true).joined(separator: "\n")),
            ("sorted", try Self.reserialized(f.lines, spacing: false).joined(separator: "\n")),
            ("crlf", f.lines.joined(separator: "\r\n") + "\r\n"),
            ("blank", f.lines.joined(separator: "\n") + "\n\n  \n"),
            ("no-newline", f.lines.joined(separator: "\n")),
        ]
        for (name, text) in variants {
            let file = try f.write(name + ".jsonl", Data(text.utf8))
            _ = try f.importChecked(file, as: name, accepted: true)
        }
    }

    @Test(
        "a BOM, a wrong kind name, a bad field or a truncation: refused by line and field, nothing kept"
    )
    func importRefusesBadLines() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        var bom = Data([0xEF, 0xBB, 0xBF])
        bom.append(Data(f.lines.joined(separator: "\n").utf8))
        let refusedBOM = try f.importChecked(
            try f.write("bom.jsonl", bom), as: "bom", accepted: false)
        #expect(
            (refusedBOM.out + refusedBOM.err).contains("line 1")
                && (refusedBOM.out + refusedBOM.err).contains("byte order mark"))

        var wrongKind = f.lines
        wrongKind[3] = wrongKind[3].replacing(
            #/"kind":"[a-z-]+"/#, with: #""kind":"genesis""#)
        let kind = try f.importChecked(
            try f.write("kind.jsonl", Data(wrongKind.joined(separator: "\n").utf8)), as: "kind",
            accepted: false)
        #expect((kind.out + kind.err).contains("line 4, field kind:"), "\((kind.out + kind.err))")

        var badField = f.lines
        badField[5] = badField[5].replacing(
            #/"chainId":\d+/#, with: #""chainId":"1""#)
        let field = try f.importChecked(
            try f.write("field.jsonl", Data(badField.joined(separator: "\n").utf8)), as: "field",
            accepted: false)
        #expect(
            (field.out + field.err).contains("line 6, field chainId"), "\((field.out + field.err))")

        var outOfRange = f.lines
        outOfRange[6] = outOfRange[6].replacing(#/"kindCode":\d+/#, with: #""kindCode":70000"#)
        let range = try f.importChecked(
            try f.write("range.jsonl", Data(outOfRange.joined(separator: "\n").utf8)),
            as: "range", accepted: false)
        #expect(
            (range.out + range.err).contains("line 7, field kindCode: expected"),
            "\((range.out + range.err))")

        let truncated = try f.importChecked(
            try f.write("cut.jsonl", Data(f.lines.dropLast().joined(separator: "\n").utf8)),
            as: "cut", accepted: false)
        #expect(
            (truncated.out + truncated.err).contains("line \(f.lines.count)")
                && (truncated.out + truncated.err).contains("end line"))
    }

    /// The entry an export line holds, with its kind name.
    static func entry(_ line: String) throws -> (Envelope, String) {
        guard case .entry(let envelope, let kindName) = try ExportFormat.parse(line[...]) else {
            throw CocoaError(.coderInvalidValue)
        }
        return (envelope, kindName)
    }

    /// The export with the entry of line `index` repeated after its last entry, correctly
    /// hash-chained, and a new end line.
    static func repeating(_ lines: [String], line index: Int) throws -> [String] {
        let (copied, kindName) = try entry(lines[index])
        let (last, _) = try entry(lines[lines.count - 2])
        let next = Envelope(
            sequence: last.sequence + 1, record: copied.record, previousHash: last.hash)
        return lines.dropLast() + [
            ExportFormat.line(next, kindName: kindName),
            ExportFormat.endLine(entries: next.sequence, headHash: next.hash),
        ]
    }

    @Test(
        "a repeated action (DuplicateAction) or one the reducers refuse: the import keeps nothing")
    func importSubmitsEveryEvent() throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        // The last action again, with a correct hash chain: the engine's duplicate rule refuses it.
        let repeated = try Self.repeating(f.lines, line: f.lines.count - 2)
        let duplicate = try f.importChecked(
            try f.write("dup.jsonl", Data(repeated.joined(separator: "\n").utf8)), as: "dup",
            accepted: false)
        #expect(
            (duplicate.out + duplicate.err).contains("DuplicateAction"),
            "\((duplicate.out + duplicate.err))")
        #expect(
            (duplicate.out + duplicate.err).contains("line \(f.lines.count)"),
            "\((duplicate.out + duplicate.err))")
        // The genesis again, hash-chained: the reducers refuse it.
        let regenesis = try Self.repeating(f.lines, line: 0)
        let refused = try f.importChecked(
            try f.write("genesis.jsonl", Data(regenesis.joined(separator: "\n").utf8)),
            as: "genesis", accepted: false)
        #expect(
            (refused.out + refused.err).contains("refused at sequence \(f.lines.count)"),
            "\((refused.out + refused.err))")
    }

    @Test(
        "- streams, overwrite refusal, --force, --version, help of an unknown command, SPOTTED_LEDGER"
    )
    func streamsAndFiles() throws {
        let f = try Fixture(epochs: 2)
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        let exported = try Data(contentsOf: URL(fileURLWithPath: f.export))
        let stream = try Self.run(["export", "--ledger", f.ledger, "--output", "-"])
        #expect(stream.status == 0 && Data(stream.out.utf8) == exported, "stdout is the data only")
        #expect(stream.err.contains("exported \(f.lines.count - 1) events"))
        let piped = try Self.run(
            ["import", "--ledger", f.dir + "/piped", "--input", "-", "--json"], input: f.export)
        let pipedRoot = try CLITests.json(piped.out)["stateRoot"] as? String
        #expect(piped.status == 0 && pipedRoot == f.root)

        // An existing export is kept without --force, replaced with it.
        let again = try Self.run(["export", "--ledger", f.ledger, "--output", f.export])
        #expect(again.status == 2 && again.err.contains("--force"))
        try Data("old".utf8).write(to: URL(fileURLWithPath: f.export))
        #expect(
            try Self.run(["export", "--ledger", f.ledger, "--output", f.export, "--force"]).status
                == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.export)) == exported)
        #expect(try f.entries(startingWith: "source.jsonl.partial").isEmpty)

        // An existing ledger is kept without --force, replaced (complete) with it.
        let twice = try Self.run(["import", "--ledger", f.dir + "/piped", "--input", f.export])
        #expect(twice.status == 2 && twice.err.contains("--force"))
        let other = try Self.run([
            "simulate", "--ledger", f.dir + "/piped", "--operators", "3", "--chains", "1",
            "--epochs", "2", "--force", "--json",
        ])
        #expect(other.status == 0, "\(other.err)")
        let otherRoot = try CLITests.json(other.out)["stateRoot"] as? String
        #expect(otherRoot != nil && otherRoot != f.root)
        let replaced = try Self.run(["replay", "--ledger", f.dir + "/piped", "--json"])
        let replacedRoot = try CLITests.json(replaced.out)["stateRoot"] as? String
        #expect(replacedRoot == otherRoot)
        #expect(try f.entries(startingWith: "piped.").isEmpty, "no temporary or old copy left")
        let onFile = try Self.run(["import", "--ledger", f.export, "--input", f.export])
        #expect(onFile.status == 2 && onFile.err.contains("is a file"))

        let version = try Self.run(["--version"])
        #expect(version.status == 0 && !version.out.isEmpty)
        #expect(try Self.run(["help", "nonexistent"]).status == 2)
        #expect(try Self.run(["help", "import"]).status == 0)
        let fromEnvironment = try Self.run(
            ["stats", "--json"], environment: ["SPOTTED_LEDGER": f.ledger])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.err)")
    }

    @Test("a refused simulate keeps nothing")
    func refusedSimulateKeepsNothing() throws {
        let f = try Fixture(epochs: 1)
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        // Epochs too short for the history: refused mid-way (or up front, exit 2).
        let run = try Self.run([
            "simulate", "--ledger", f.dir + "/short/ledger", "--epoch-length-blocks", "16",
        ])
        #expect(run.status == 1 || run.status == 2, "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: f.dir + "/short"), "nothing kept")
    }

    /// Starts the tool, sends SIGINT after `delayMicroseconds`, and returns its exit status (or
    /// the signal that ended it) and its standard error.
    static func interrupt(_ arguments: [String], input: String?, afterMicroseconds delay: UInt32)
        throws -> (status: Int32, signaled: Bool, err: String)
    {
        let process = Process()
        process.executableURL = CLITests.tool
        process.arguments = arguments
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        usleep(delay)
        kill(process.processIdentifier, SIGINT)
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, process.terminationReason == .uncaughtSignal,
            String(decoding: e, as: UTF8.self)
        )
    }

    @Test("SIGINT at random points of simulate and import: the complete ledger, or nothing")
    func interruptedCreationKeepsAllOrNothing() throws {
        let f = try Fixture(epochs: 1)
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        // About 2 000 events: ~3 s to simulate, ~1 s to import in a debug build; the signal
        // comes at a random point of that span (or after the end: then the ledger is complete).
        let size = ["--operators", "60", "--chains", "2", "--epochs", "20", "--dishonest", "2"]
        let big = try Self.run(["simulate", "--ledger", f.dir + "/big", "--json"] + size)
        #expect(big.status == 0, "\(big.err)")
        #expect(Int(try CLITests.json(big.out)["events"] as? String ?? "") ?? 0 >= 2_000)
        let export = f.dir + "/big.jsonl"
        #expect(
            try Self.run(["export", "--ledger", f.dir + "/big", "--output", export]).status == 0)
        var rng = SplitMix64(seed: 14)
        var outcomes = [String: Int]()
        for round in 0..<20 {
            let ledger = f.dir + "/run\(round)"
            let arguments =
                round % 2 == 0
                ? ["simulate", "--ledger", ledger] + size
                : ["import", "--ledger", ledger, "--input", "-"]
            let delay = UInt32(rng.next() % (round % 2 == 0 ? 3_000_000 : 1_000_000))
            let run = try Self.interrupt(
                arguments, input: round % 2 == 0 ? nil : export, afterMicroseconds: delay)
            let exists = FileManager.default.fileExists(atPath: ledger)
            if !run.signaled && run.status == 0 {
                outcomes["complete", default: 0] += 1
                let verify = try Self.run(["verify", "--ledger", ledger, "--json"])
                #expect(verify.status == 0, "round \(round): \(verify.out)")
            } else {
                outcomes[run.signaled ? "killed before the handler" : "interrupted", default: 0] +=
                    1
                #expect(run.signaled || run.status == 130, "round \(round): \(run.err)")
                #expect(run.signaled || run.err.contains("nothing kept"), "round \(round)")
                #expect(!exists, "round \(round): an interrupted run left \(ledger)")
            }
            #expect(
                try f.entries(startingWith: "run\(round).").isEmpty,
                "round \(round): temporary left")
        }
        #expect(outcomes["interrupted", default: 0] > 0, "\(outcomes)")
    }
}

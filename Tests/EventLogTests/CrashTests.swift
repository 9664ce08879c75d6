import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

/// Real processes killed with SIGKILL at random moments (fixed seed): the log must always reopen
/// as a clean, verified prefix of the batches attempted, with every acknowledged batch present.
@Suite struct CrashTests {
    @Test("50 SIGKILLs of a writer mid-append leave a clean, verified prefix")
    func killTheWriter() throws {
        let writer = productsDirectory.appendingPathComponent("eventlog-crash-writer")
        guard FileManager.default.isExecutableFile(atPath: writer.path) else {
            Issue.record(
                "missing \(writer.path): build all products first (swift build --build-tests)")
            return
        }
        let dir = TemporaryDirectory("crash")
        defer { dir.cleanup() }
        var rng = SplitMix64(seed: 0xC0FFEE)
        var kills = 0
        var acknowledgedBatches = 0
        for round in 0..<50 {
            let process = Process()
            process.executableURL = writer
            process.arguments = [dir.path, "100000"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            usleep(useconds_t(2_000 + rng.next() % 40_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { kills += 1 }
            let text = String(
                decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!text.contains("error"), "round \(round): \(text.suffix(200))")
            let acknowledged = text.split(separator: "\n").compactMap { line -> Int? in
                let parts = line.split(separator: " ")
                return parts.count == 3 && parts[0] == "committed" ? Int(parts[1]) : nil
            }.max()

            let log = try EventLog(directory: dir.path)
            #expect(log.firstBadSequence == nil, "round \(round)")
            // The head is on a batch boundary (no half batch) and covers every acknowledged batch.
            var batches = 0
            var total: UInt64 = 0
            while total < log.head.sequence {
                total += UInt64(CrashPlan.size(batches))
                batches += 1
            }
            #expect(
                total == log.head.sequence,
                "round \(round): head \(log.head.sequence) is inside batch \(batches - 1)")
            if let acknowledged {
                #expect(
                    batches >= acknowledged + 1, "acknowledged batch \(acknowledged) is missing")
            }
            acknowledgedBatches = batches
        }
        #expect(kills >= 45, "only \(kills) of 50 runs were killed mid-flight")
        // Every entry is exactly what the plan wrote, the chain verifies, the metadata head matches.
        let log = try EventLog(directory: dir.path)
        let report = try log.verify()
        #expect(report.isValid)
        var sequence: UInt64 = 0
        for batch in 0..<acknowledgedBatches {
            for index in 0..<CrashPlan.size(batch) {
                sequence += 1
                if sequence % 97 == 0 || batch == acknowledgedBatches - 1 {
                    let e = try log.entry(sequence)
                    #expect(
                        e.record.payload == CrashPlan.payload(batch, index)
                            && e.record.blockNumber == UInt64(batch))
                }
            }
        }
        #expect(sequence == report.entries)
    }
}

// eventlog-crash-writer <directory> <batches>
//
// Appends deterministic batches to the log in <directory>, resuming after the last complete batch,
// and prints "committed <batch> <head sequence>" after each durable commit. The crash test kills it
// with SIGKILL at random moments and checks the log is a clean prefix of what was attempted.
// Batch b holds CrashPlan.size(b) events; event j of batch b has the payload CrashPlan.payload(b, j).
import EventLog
import Ethereum
#if canImport(Glibc)
import Glibc
#endif

enum CrashPlan {
    static func size(_ batch: Int) -> Int { 1 + (batch &* 7_919) % 50 }
    static func payload(_ batch: Int, _ index: Int) -> [UInt8] {
        Keccak256.hash("crash/\(batch)/\(index)").bytes + Keccak256.hash("more/\(batch)/\(index)").bytes
    }
}

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let batches = Int(arguments[2]) else {
    say("usage: eventlog-crash-writer <directory> <batches>")
    exit(2)
}
do {
    let log = try EventLog(directory: arguments[1])
    if let bad = log.firstBadSequence {
        say("error log failed its open checks at sequence \(bad)")
        exit(3)
    }
    // Find the next batch: the head must sit exactly on a batch boundary.
    var batch = 0, total: UInt64 = 0
    while total < log.head.sequence {
        total += UInt64(CrashPlan.size(batch))
        batch += 1
    }
    guard total == log.head.sequence else {
        say("error head \(log.head.sequence) is inside batch \(batch - 1): a partial batch is visible")
        exit(4)
    }
    for b in batch..<(batch + batches) {
        let records = (0..<CrashPlan.size(b)).map {
            EventRecord(chainId: 1, blockNumber: UInt64(b), timestamp: UInt64(b), sender: .zero, kind: 1, schemaVersion: 1,
                        payload: CrashPlan.payload(b, $0))
        }
        let stored = try log.append(records)
        say("committed \(b) \(stored.last?.sequence ?? 0)")
    }
} catch {
    say("error \(error)")
    exit(1)
}

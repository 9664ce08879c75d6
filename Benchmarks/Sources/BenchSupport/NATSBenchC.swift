// The C baseline of the replication benchmarks: tools/nats-bench-c, run and read.
import Foundation

/// Runs the C program `cBench` (tools/nats-bench-c) with `arguments` (cluster URLs, subject,
/// records file, record size, batch size or `@groups-file`) and returns the entries per second
/// it printed on its `publish RATE` line; exits the benchmark when it fails.
public func runNATSBenchC(_ cBench: String, arguments: [String]) -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cBench)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch { fail("cannot run \(cBench): \(error)") }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(separator: " ")
    guard process.terminationStatus == 0, fields.count >= 2, fields[0] == "publish",
        let rate = Double(fields[1])
    else { fail("nats-bench-c failed (status \(process.terminationStatus))") }
    return rate
}

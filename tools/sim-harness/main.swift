// sim-harness [--seeds N] [--start S]: runs the simulation harness over N seeds from S, each in a
// fresh LMDB ledger, printing every failing seed with its options and a summary with the time taken.
import Foundation
import SpottedSimulation

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: UInt64) -> UInt64 {
    arguments.firstIndex(of: name).flatMap { arguments.count > $0 + 1 ? UInt64(arguments[$0 + 1]) : nil } ?? fallback
}
let count = option("--seeds", 100), start = option("--seed", option("--start", 1))
let root = NSTemporaryDirectory() + "spotted-sim-\(getpid())"
let began = Date()
var failed = 0, events: UInt64 = 0, comparisons = 0, faults = 0, resubmissions = 0
for seed in start..<(start + count) {
    let directory = "\(root)/\(seed)"
    let report = SimulationCheck.run(seed: seed, directory: directory)
    try? FileManager.default.removeItem(atPath: directory)
    events += report.events
    comparisons += report.comparisons
    faults += report.faultsInjected
    resubmissions += report.resubmissions
    if !report.failures.isEmpty {
        failed += 1
        print("seed \(seed) FAILED (options \(report.options), faults \(report.faults.plan.sorted { $0.key < $1.key })): \(report.failures.joined(separator: "; "))")
    }
    if (seed - start + 1) % 100 == 0 { print("… \(seed - start + 1) seeds, \(failed) failed, \(Int(-began.timeIntervalSinceNow)) s") }
}
try? FileManager.default.removeItem(atPath: root)
print("\(count) seeds from \(start): \(count - UInt64(failed)) clean, \(failed) failed; \(events) events, \(comparisons) replica comparisons, \(faults) storage faults injected, \(resubmissions) re-submissions refused, \(String(format: "%.1f", -began.timeIntervalSinceNow)) s")
exit(failed == 0 ? 0 : 1)

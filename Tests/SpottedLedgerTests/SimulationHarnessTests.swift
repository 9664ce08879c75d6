import Foundation
import SpottedLedger
import Testing

/// The simulation harness over a fixed list of seeds plus a few random ones (printed, so a failure
/// reproduces with `sim-harness --seed S --seeds 1`).
@Suite struct SimulationHarnessTests {
    static let fixed: [UInt64] = Array(1...20)
    static let random: [UInt64] = (0..<3).map { _ in UInt64.random(in: 1...UInt64(UInt32.max)) }

    @Test("invariants hold for every seed", arguments: fixed + random)
    func seed(_ seed: UInt64) {
        let directory = NSTemporaryDirectory() + "spotted-harness-\(seed)-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = SimulationCheck.run(seed: seed, directory: directory)
        #expect(report.failures.isEmpty, "seed \(seed) (\(report.options)): \(report.failures)")
        #expect(report.events > 50 && report.snapshots >= 2)
    }
}

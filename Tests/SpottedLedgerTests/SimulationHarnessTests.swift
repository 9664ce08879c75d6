import Foundation
import SpottedLedger
import SpottedSimulation
import Testing

/// The simulation harness over a fixed list of seeds plus a few random ones (printed, so a failure
/// reproduces with `sim-harness --seed S --seeds 1`).
@Suite struct SimulationHarnessTests {
    static let fixed: [UInt64] = Array(1...20)
    static let random: [UInt64] = (0..<3).map { _ in UInt64.random(in: 1...UInt64(UInt32.max)) }

    @Test(
        "invariants hold for every seed, with storage faults and without", arguments: fixed + random
    )
    func seed(_ seed: UInt64) {
        let directory = NSTemporaryDirectory() + "spotted-harness-\(seed)-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = SimulationCheck.run(seed: seed, directory: directory)
        #expect(report.failures.isEmpty, "seed \(seed) (\(report.options)): \(report.failures)")
        #expect(report.events > 50 && report.snapshots >= 2)
        #expect(
            report.resubmissions == Int(report.events),
            "every accepted action was re-submitted and refused")
        #expect(report.faults.plan.isEmpty == false)
    }

    @Test("the fixed seeds inject every kind of storage fault")
    func faultCoverage() {
        var kinds = Set<String>()
        for seed in Self.fixed {
            for fault in SimulationCheck.faults(for: seed).plan.values {
                kinds.insert("\(fault)".prefix(while: { $0 != "(" }).description)
            }
        }
        #expect(kinds == ["failedWrite", "tornBatch", "mapFull", "lostAcknowledgement"])
    }
}

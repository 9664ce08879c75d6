import BenchSupport
import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import SpottedSimulation

/// Simulates the benchmarks' ledger (`benchmarkSimulationOptions`) of `events` entries into
/// `path`; returns its seconds.
func simulateSource(events: UInt64, into path: String) -> Double {
    do {
        let engine = try Engine(directory: path)
        var simulator = Simulator(options: benchmarkSimulationOptions(events: events))
        let start = now()
        try simulator.run(into: engine)
        return Double(now() - start) / 1e9
    } catch { fail("simulate: \(error)") }
}

/// The actions of the first `count` entries of `log`, in log order (the same records a writer
/// reducing them appends again, with the same hashes).
func actions(of log: EventLog, count: UInt64) -> [Action] {
    var result: [Action] = []
    result.reserveCapacity(Int(count))
    var next: UInt64 = 1
    while next <= count {
        let batch: [Envelope]
        do { batch = try log.entries(from: next, through: count, limit: 10_000) } catch {
            fail("read source at \(next): \(error)")
        }
        guard !batch.isEmpty else { fail("source ledger ends before \(count)") }
        for entry in batch {
            let r = entry.record
            do {
                let event = try EventCodec.decode(kind: r.kind, schemaVersion: r.schemaVersion, payload: r.payload)
                result.append(
                    Action(event, chainId: r.chainId, blockNumber: r.blockNumber, timestamp: r.timestamp, sender: r.sender))
            } catch { fail("decode \(entry.sequence): \(error)") }
        }
        next += UInt64(batch.count)
    }
    return result
}

/// Writes the encoded bytes of the first `count` entries of `log` to `file`, each after its length
/// (4 bytes, little endian: what tools/nats-bench-c reads with RECORD_BYTES 0); returns the sizes.
func writeEncoded(_ log: EventLog, count: UInt64, to file: String) -> [Int] {
    var bytes: [UInt8] = []
    var sizes: [Int] = []
    var next: UInt64 = 1
    while next <= count {
        let batch: [Envelope]
        do { batch = try log.entries(from: next, through: count, limit: 10_000) } catch {
            fail("read source at \(next): \(error)")
        }
        for entry in batch {
            let encoded = entry.encoded
            let length = UInt32(encoded.count)
            bytes += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: length >> $0) }
            bytes += encoded
            sizes.append(encoded.count)
        }
        next += UInt64(batch.count)
    }
    guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { fail("cannot write \(file)") }
    return sizes
}

/// The `p` quantile (0…1) of `values` (sorted here).
func quantile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
}

/// The commit groups the writer makes of `actions` submitted in arrays of `chunk`: a group ends
/// at 1 000 entries (the replicated cap), after an epoch transition, and at the end of a
/// submission. The C baseline publishes the same batches.
func predictedGroups(_ actions: [Action], chunk: Int) -> [Int] {
    var sizes: [Int] = []
    var size = 0
    for (i, action) in actions.enumerated() {
        size += 1
        var ends = size == 1000 || (i + 1) % chunk == 0 || i + 1 == actions.count
        if case .epochTransition = action.event { ends = true }
        if ends {
            sizes.append(size)
            size = 0
        }
    }
    return sizes
}

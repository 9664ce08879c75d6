import Ethereum
import Foundation

@testable import EventLog

func record(_ i: Int, payloadBytes: Int = 100, kind: UInt16 = 1) -> EventRecord {
    let seed = Keccak256.hash("record \(i)").bytes
    let payload = (0..<payloadBytes).map { seed[$0 % 32] &+ UInt8(truncatingIfNeeded: $0) }
    return EventRecord(
        chainId: 1 + UInt64(i % 3), blockNumber: UInt64(i), timestamp: 1_700_000_000 + UInt64(i),
        sender: Address(lowBytesOf: Keccak256.hash("sender \(i % 5)")), kind: kind,
        schemaVersion: 1, payload: payload)
}

/// Same batch plan as tools/eventlog-crash-writer.
enum CrashPlan {
    static func size(_ batch: Int) -> Int { 1 + (batch &* 7_919) % 50 }
    static func payload(_ batch: Int, _ index: Int) -> [UInt8] {
        Keccak256.hash("crash/\(batch)/\(index)").bytes
            + Keccak256.hash("more/\(batch)/\(index)").bytes
    }
}

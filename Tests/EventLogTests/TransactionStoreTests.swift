import Ethereum
import Foundation
import SpottedTestSupport
import Testing

@testable import EventLog

@Suite struct TransactionStoreTests {
    /// Raw transactions are stored beside the entries of the same append, read back by sequence
    /// and by range, survive a reopen, and go with their entries on unwind.
    @Test func storedBesideTheirEntriesAndUnwoundWithThem() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let log = try EventLog(directory: dir.path)
        try log.append([record(1)])
        let first: [UInt8] = [0x02, 0xaa, 0xbb]
        let third: [UInt8] = [0xf8, 0x01]
        let stored = try log.append(
            [record(2), record(3), record(4)], archive: [], transactions: [first, nil, third])
        #expect(stored.map(\.sequence) == [2, 3, 4])
        #expect(try log.transaction(at: 1) == nil)
        #expect(try log.transaction(at: 2) == first)
        #expect(try log.transaction(at: 3) == nil)
        #expect(try log.transactions(in: 1...4).map(\.sequence) == [2, 4])
        #expect(try log.transactions(in: 1...4, limit: 1).map(\.raw) == [first])
        _ = try log.unwind(to: 3)
        #expect(try log.transaction(at: 4) == nil)
        #expect(try log.transaction(at: 2) == first)
        let reopened = try EventLog(
            directory: dir.path, options: EventLog.Options(mode: .readOnly))
        #expect(try reopened.transactions(in: 1...10).map(\.raw) == [first])
    }
}

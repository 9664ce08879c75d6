import Ethereum
import SpottedProtocol
import Testing

/// The StateManager scenarios of spec §15 (user = the sender, start block 1).
@Suite struct StateManagerTests {
    static let user = Address(lowBytesOf: Keccak256.hash("state-user"))

    /// A ledger where `user` wrote `values` (block, key, value) on the main chain.
    static func ledger(_ writes: [(UInt64, UInt256, UInt256)]) throws -> Harness {
        var h = try Harness()
        for (block, key, value) in writes {
            h.block = max(h.block, block)
            try h.submit(.setValue(key: key, value: value), from: user)
        }
        return h
    }

    func key(_ k: UInt256 = 1) -> HistoryKey {
        HistoryKey(chainId: Harness.mainChain, user: Self.user, key: k)
    }
    func values(_ h: [History]) -> [UInt256] { h.map(\.value) }
    func refusal(_ body: () throws(ProtocolError) -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch { return error.name }
    }

    @Test func setValueAndBatch() throws {
        var h = try Self.ledger([(1, 1, 100)])
        #expect(try h.state.stateManager.historyAt(key(), index: 0).value == 100)
        #expect(try h.state.stateManager.historyAt(key(), index: 0).blockNumber == 1)
        try h.submit(
            .batchSetValues([KeyValue(key: 1, value: 100), KeyValue(key: 2, value: 200)]),
            from: Self.user)
        #expect(h.state.stateManager.historyCount(key(2)) == 1)
        h.expectRefusal(
            .batchSetValues(Array(repeating: KeyValue(key: 1, value: 1), count: 101)),
            from: Self.user, "BatchTooLarge")
    }

    @Test func between() throws {
        let s = try Self.ledger([(1, 1, 100), (5, 1, 200), (10, 1, 300)]).state
        #expect(
            values(try s.stateManager.historyBetween(key(), from: 1, to: 10)) == [100, 200, 300])
        #expect(values(try s.stateManager.historyBetween(key(), from: 4, to: 9)) == [200])
        #expect(values(try s.stateManager.historyBetween(key(), from: 5, to: 10)) == [200, 300])
        #expect(
            refusal { () throws(ProtocolError) in
                try s.stateManager.historyBetween(key(), from: 2, to: 1)
            } == "InvalidBlockRange")
    }

    @Test func atBlockAndCount() throws {
        var h = try Self.ledger([(1, 1, 100)])
        #expect(h.state.stateManager.historyCount(key(9)) == 0)
        #expect(h.state.stateManager.historyCount(key()) == 1)
        h.block = 2
        try h.submit(.setValue(key: 1, value: 200), from: Self.user)
        try h.submit(.setValue(key: 1, value: 250), from: Self.user)  // two writes in one block: both kept
        let s = h.state
        #expect(try s.stateManager.historyAtBlock(key(), block: 1).value == 100)
        #expect(try s.stateManager.historyAtBlock(key(), block: 2).value == 250)
        #expect(s.stateManager.historyCount(key()) == 3)
        #expect(try s.stateManager.historyAt(key(), index: 1).value == 200)
        #expect(
            refusal { () throws(ProtocolError) in try s.stateManager.historyAt(key(9), index: 0) }
                == "IndexOutOfBounds")
    }

    @Test func beforeAndAfter() throws {
        let s = try Self.ledger([(1, 1, 100), (5, 1, 200), (10, 1, 300)]).state
        #expect(values(try s.stateManager.historyBeforeOrAt(key(), block: 6)) == [100, 200])
        #expect(values(try s.stateManager.historyBeforeOrAt(key(), block: 5)) == [100, 200])
        #expect(
            refusal { () throws(ProtocolError) in
                try s.stateManager.historyBeforeOrAt(key(), block: 0)
            } == "NoHistoryFound")
        #expect(values(try s.stateManager.historyAfterOrAt(key(), block: 4)) == [200, 300])
        #expect(values(try s.stateManager.historyAfterOrAt(key(), block: 1)) == [200, 300])  // as coded: the entry at block 1 is excluded
        #expect(
            refusal { () throws(ProtocolError) in
                try s.stateManager.historyAfterOrAt(key(), block: 10)
            } == "NoHistoryFound")
    }

    @Test func emptyAndEdgeCases() throws {
        let empty = try Self.ledger([]).state
        #expect(
            refusal { () throws(ProtocolError) in
                try empty.stateManager.historyBetween(key(), from: 1, to: 2)
            } == "NoHistoryFound")
        #expect(
            refusal { () throws(ProtocolError) in
                try empty.stateManager.historyBeforeOrAt(key(), block: 1)
            } == "NoHistoryFound")
        #expect(
            refusal { () throws(ProtocolError) in
                try empty.stateManager.historyAfterOrAt(key(), block: 1)
            } == "NoHistoryFound")
        #expect(
            refusal { () throws(ProtocolError) in
                try empty.stateManager.historyAtBlock(key(), block: 1)
            } == "NoHistoryFound")
        let two = try Self.ledger([(1, 1, 100), (5, 1, 200)]).state
        #expect(try two.stateManager.historyBetween(key(), from: 0, to: 5).count == 2)
        #expect(try two.stateManager.historyBetween(key(), from: 1, to: 6).count == 2)
        #expect(
            refusal { () throws(ProtocolError) in
                try two.stateManager.historyBetween(key(), from: 6, to: 8)
            } == "NoHistoryFound")
        let one = try Self.ledger([(1, 1, 100)]).state
        #expect(try one.stateManager.historyAtBlock(key(), block: 1).value == 100)
        #expect(
            refusal { () throws(ProtocolError) in
                try one.stateManager.historyAtBlock(key(), block: 0)
            } == "BlockNotFound")
        let three = try Self.ledger([(1, 1, 100), (3, 1, 200)]).state
        #expect(try three.stateManager.historyAtBlock(key(), block: 2).value == 100)
        #expect(try three.stateManager.historyAtBlock(key(), block: 4).value == 200)
    }
}

import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

/// The archive (resolved challenges and rewards, in log order, hashed as they are written) must be
/// exactly the front of the canonical encoding: the root that continues from it is the Keccak-256
/// of the whole encoding, at every epoch of a simulated history.
@Suite struct StateArchiveTests {
    @Test(
        "at every epoch end: root = keccak(canonical encoding), the archive holds exactly the final records, decoding rebuilds it"
    )
    func rootContinuesFromArchive() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try EngineTests.simulate(path, seed: 5, epochs: 8)
        var checked = 0
        var archivedAtEnd = 0
        _ = try Engine.replay(
            engine.log, signatures: .trusted,
            epochEnd: { _, state in
                let bytes = state.canonicalEncoding()
                #expect(state.root == Keccak256.hash(bytes))
                let final =
                    state.stateDisputeResolver.challenges.values.filter { $0.resolution != nil }
                    .count + state.rewardsCoordinator.rewards.count
                #expect(state.archive.records == final)
                #expect(
                    state.archivedRecords().map(\.sequence)
                        == state.archivedRecords().map(\.sequence).sorted())
                #expect((try? StateArchive.length(ofCanonical: bytes)) == state.archive.byteCount)
                let decoded = try? LedgerState(canonical: bytes)
                #expect(decoded == state, "the decoded archive hash equals the running one")
                #expect(decoded?.root == state.root)
                checked += 1
                archivedAtEnd = final
            })
        #expect(checked == Int(engine.state.currentEpoch), "every epoch end")
        #expect(
            archivedAtEnd >= 3, "the history resolves challenges and pays rewards: \(archivedAtEnd)"
        )
    }

    @Test("an archive out of log order, or a record whose length header is wrong, does not decode")
    func nonCanonicalArchive() throws {
        let path = EngineTests.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try EngineTests.simulate(path, seed: 5, epochs: 8)
        let bytes = engine.state.canonicalEncoding()
        // The record boundaries: `kind ‖ u32 length ‖ body` after the header.
        var bounds = [Int]()
        var at = 8 + "spotted-ledger-state/2".utf8.count  // the header: a length-prefixed tag
        while bytes[at] != 0 {
            bounds.append(at)
            let length = bytes[(at + 1)...(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            at += 5 + length
        }
        bounds.append(at)
        #expect(at == (try StateArchive.length(ofCanonical: bytes)))
        try #require(bounds.count >= 3)
        let first = Array(bytes[bounds[0]..<bounds[1]])
        let second = Array(bytes[bounds[1]..<bounds[2]])
        let swapped = Array(bytes[..<bounds[0]]) + second + first + Array(bytes[bounds[2]...])
        #expect(swapped.count == bytes.count)
        let error = #expect(throws: CanonicalDecoder.Error.self) {
            try LedgerState(canonical: swapped)
        }
        #expect(
            error?.description
                == "byte \(bounds[0] + second.count): archive records out of log order")
        // A record whose length header is off by one.
        var misframed = bytes
        misframed[bounds[0] + 4] &+= 1
        #expect(throws: CanonicalDecoder.Error.self) { try LedgerState(canonical: misframed) }
    }
}

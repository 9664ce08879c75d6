import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

/// The committed golden ledgers (logs/golden, written by tools/update-golden) import and replay to
/// exactly their recorded roots. A difference means the log format or a reducer changed: if that
/// was intended, regenerate them in the same commit and say why.
@Suite struct GoldenLogTests {
    static var goldenDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("logs/golden").path
    }

    struct Expected: Decodable {
        struct Boundary: Decodable {
            let sequence: UInt64
            let root: String
        }
        let through: UInt64
        let stateRoot: String
        let roots: [Boundary]
    }

    @Test("golden ledgers replay to their recorded roots", arguments: ["seed-11", "seed-12"])
    func golden(name: String) throws {
        let expected = try JSONDecoder().decode(
            Expected.self,
            from: Data(
                contentsOf: URL(fileURLWithPath: "\(Self.goldenDirectory)/\(name).roots.json")))
        #expect(expected.roots.count >= 3)
        let dir = NSTemporaryDirectory() + "spotted-golden-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try EventLog(directory: dir)
        #expect(
            try log.importFile(
                "\(Self.goldenDirectory)/\(name).jsonl", kindCode: EventCodec.code(of:))
                == expected.through)
        for boundary in expected.roots {
            #expect(
                try Engine.replay(log, through: boundary.sequence).root.description
                    == boundary.root, "\(name) at sequence \(boundary.sequence)")
        }
        #expect(try Engine.replay(log).root.description == expected.stateRoot)

        // Through the engine's submit path: the same root, and exported back byte for byte.
        let golden = "\(Self.goldenDirectory)/\(name).jsonl"
        let submitted = try LedgerFiles.importLedger(directory: dir + "/submitted", from: golden)
        #expect(submitted.stateRoot.description == expected.stateRoot)
        #expect(submitted.headHash == log.head.hash)
        _ = try LedgerFiles.export(directory: dir + "/submitted", to: dir + "/again.jsonl")
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dir + "/again.jsonl"))
                == Data(contentsOf: URL(fileURLWithPath: golden)))
    }
}

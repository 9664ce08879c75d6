import Foundation
import Fuzzing
import Testing

/// Every committed fuzz input (seeds and any input that ever crashed) replays without a trap.
@Suite struct FuzzCorpusTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("fuzz/corpus")
    }

    @Test(
        "the committed corpus replays through every target", arguments: FuzzTargets.all.map(\.name))
    func replay(target: String) throws {
        let run = try #require(FuzzTargets.all.first { $0.name == target }?.run)
        let directory = Self.corpus.appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(!files.isEmpty, "no committed inputs for \(target)")
        for file in files {
            run([UInt8](try Data(contentsOf: directory.appendingPathComponent(file))))
        }
    }
}

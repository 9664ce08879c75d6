import Foundation
import Testing

/// The command-line tool goes through the SpottedLedger API: no file of it imports the log or the
/// protocol module directly.
@Suite struct CLIImportTests {
    /// The repository root, found from this file's path.
    static var sourcesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Sources/spotted-ledger")
    }

    @Test("Sources/spotted-ledger imports neither EventLog nor SpottedProtocol")
    func cliImportsOnlyTheLibrary() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sourcesDirectory.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10, "found the tool's sources")
        for file in files {
            let text = try String(
                contentsOf: Self.sourcesDirectory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count else {
                    continue
                }
                let module = words[at + 1].split(separator: ".").first.map(String.init) ?? ""
                #expect(
                    module != "EventLog" && module != "SpottedProtocol" && module != "CLMDB",
                    "\(file): \(line)")
            }
        }
    }
}

import Foundation
import SpottedProtocol
import Testing

@Suite("Event catalogue")
struct EventCatalogTests {
    /// docs/events.md of this checkout.
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/events.md").path

    @Test(
        "docs/events.md is the EventKind table, row for row (tools/update-events-doc rewrites it)")
    func docsMatchTable() throws {
        let generated = EventCatalog.markdown()
        if ProcessInfo.processInfo.environment["SPOTTED_WRITE_EVENTS_DOC"] == "1" {
            try generated.write(toFile: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(committed == generated)
        #expect(
            generated.split(separator: "\n").filter {
                $0.hasPrefix("| ") && !$0.hasPrefix("| code")
            }.count
                == EventKind.allCases.count)
    }

    @Test("codes are dense, names unique, and every event's kind round-trips through code and name")
    func tableIsConsistent() {
        #expect(EventKind.allCases.map(\.code) == Array(0..<UInt16(EventKind.allCases.count)))
        #expect(Set(EventKind.allCases.map(\.name)).count == EventKind.allCases.count)
        for kind in EventKind.allCases {
            #expect(EventKind(code: kind.code) == kind)
            #expect(EventKind(name: kind.name) == kind)
        }
    }
}

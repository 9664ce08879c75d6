import Foundation
import Testing

/// Help that copy-pastes: no example command is wrapped by the 80-column help layout.
@Suite struct CLIHelpTests {
    static let commands = [
        "", "tour", "simulate", "replay", "verify", "state", "diff", "audit", "rewards",
        "check-signature", "claim digest", "bundle encode", "recover", "queue", "history", "events",
        "export", "import", "submit", "stats", "unwind", "serve", "report", "epochs",
    ]

    @Test("every example line in every command's help fits 78 columns (continued with \\ if long)")
    func examplesAreNotWrapped() throws {
        for command in Self.commands {
            let words = command.split(separator: " ").map(String.init)
            let help = try CLITests.run(["help"] + words)
            #expect(help.status == 0, "help \(command): \(help.err)")
            for line in help.out.split(separator: "\n") where line.contains("spotted-ledger ") {
                guard !line.hasPrefix("USAGE:") else { continue }
                #expect(line.count <= 78, "help \(command): \(line)")
            }
        }
    }
}

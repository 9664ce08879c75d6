import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

/// Actions as JSON: every logged event round-trips through its `events --json` shape, and every
/// malformed field is refused by its path.
@Suite struct ActionJSONTests {
    @Test(
        "every event of both golden ledgers: its events --json entry decodes to the same action and payload"
    )
    func roundTrip() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let dir = NSTemporaryDirectory() + "spotted-json-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var ledgers = [String]()
        for name in ["seed-11", "seed-12"] {
            _ = try LedgerFiles.importLedger(
                directory: dir + "/" + name,
                from: root.appendingPathComponent("logs/golden/\(name).jsonl").path)
            ledgers.append(dir + "/" + name)
        }
        var filter = EventFilter()
        filter.limit = 100_000
        var checked = 0
        for ledger in ledgers {
            let rows = try LedgerFiles.events(in: ledger, filter: filter)
            let text = try ReportJSON.render(rows)
            let actions = try ActionJSON.decode(Array(text.utf8))
            let log = try EventLog(directory: ledger, options: EventLog.Options(mode: .readOnly))
            #expect(actions.count == rows.count && rows.count == Int(log.head.sequence))
            for (action, row) in zip(actions, rows) {
                let r = try log.entry(row.sequence).record
                let (kind, payload) = EventCodec.encode(action.event)
                #expect(kind == r.kind && payload == r.payload, "sequence \(row.sequence)")
                #expect(
                    action.chainId == r.chainId && action.blockNumber == r.blockNumber
                        && action.timestamp == r.timestamp && action.sender == r.sender)
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    static let base =
        #"{"kind":"update-stake-threshold","chainId":"1","blockNumber":"9","timestamp":"1700000000","sender":"0x00000000000000000000000000000000000000a1","fields":{"#

    @Test(
        "malformed input is refused by field path and rule",
        arguments: [
            (#"{"kind":"#, "$", "malformed JSON"),
            (#"[1]"#, "$", "expected an object"),
            (#"{"kind":"no-such-kind"}"#, "kind", "unknown kind"),
            (#"{"chainId":"1"}"#, "kind", "required"),
            (base + #""thresholdWeight":"5"},"extra":1}"#, "extra", "unknown key"),
            (
                base + #""thresholdWeight":"-5"}}"#, "fields.thresholdWeight",
                "not an unsigned integer"
            ),
            (
                base + #""thresholdWeight":true}}"#, "fields.thresholdWeight",
                "expected a decimal string"
            ),
            (base + #""weight":"5"}}"#, "fields.weight", "has no such field"),
            (base + #""thresholdWeight":"1","x":"2"}}"#, "fields.x", "has no such field"),
            (base + "}}", "fields.thresholdWeight", "required"),
            (
                #"{"kind":"update-operator-signing-key","chainId":"1","blockNumber":"9","timestamp":"1","sender":"0x00000000000000000000000000000000000000a1","fields":{"signingKey":"0xB4dF5EFb4AE9EEc85F7F8708EaE34817EF39a14d"}}"#,
                "fields.signingKey", "EIP-55"
            ),
            (
                #"{"kind":"update-stake-threshold","chainId":"18446744073709551616","blockNumber":"9","timestamp":"1","sender":"0x00000000000000000000000000000000000000a1","fields":{"thresholdWeight":"1"}}"#,
                "chainId", "does not fit uint64"
            ),
            (
                #"{"kind":"cancel-salt","chainId":"1","blockNumber":"9","timestamp":"1","sender":"0x00000000000000000000000000000000000000a1","fields":{"salt":"0x01"}}"#,
                "fields.salt", "expected 32 bytes"
            ),
        ])
    func refusals(input: String, field: String, rule: String) {
        #expect {
            _ = try ActionJSON.decode(Array(input.utf8))
        } throws: { error in
            guard let e = error as? ActionJSONError else { return false }
            return e.field == field && e.message.contains(rule)
        }
    }

    @Test("an array names the action at fault; integers may be JSON numbers or 0x hex")
    func arraysAndNumbers() throws {
        let good = Self.base + #""thresholdWeight":7}}"#
        let hex = Self.base + #""thresholdWeight":"0x10"}}"#
        let actions = try ActionJSON.decode(Array("[\(good),\(hex)]".utf8))
        #expect(actions.map(\.event) == [.updateStakeThreshold(7), .updateStakeThreshold(16)])
        #expect {
            _ = try ActionJSON.decode(Array("[\(good),{}]".utf8))
        } throws: { ($0 as? ActionJSONError)?.index == 1 }
    }
}

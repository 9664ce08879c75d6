/// docs/events.md, generated from the ``EventKind`` table (a test fails when the file differs;
/// `tools/update-events-doc` rewrites it).
public enum EventCatalog {
    /// The whole catalogue as Markdown.
    public static func markdown() -> String {
        var lines = [
            "# Event catalogue",
            "",
            "Generated from the `EventKind` table (`Sources/SpottedProtocol/Events/EventKind+Table.swift`) by",
            "`tools/update-events-doc`; a test fails when this file and the table differ.",
            "",
            "Every event is stored with a kind code, schema version **\(EventKind.schemaVersion)**, and its fields",
            "ABI-encoded as one tuple (`EventCodec`); the context (chain, block, timestamp, `msg.sender`) is in the",
            "envelope. `LedgerState.reduce` routes each kind to the contract named below, whose folder under",
            "`Sources/SpottedProtocol` holds its rules. Every event may also be refused by the common rules:",
            "`GenesisMissing`, `BlockNumberDecreased`, `WrongChain`, and on the main chain `BlockBeforeGenesis` /",
            "`EpochTransitionMissing`; bounded lists give `TooManyItems` (`Ledger/Limits.swift`). The engine refuses",
            "a submission repeating an action already logged at that chain's latest block (`DuplicateAction`). An",
            "epoch transition also retires expired tasks and drops the queue of the epoch it starts",
            "([departures](departures.md)).",
            "",
            "| code | kind | fields | contract | chain, sender | refused with |",
            "|---|---|---|---|---|---|",
        ]
        for kind in EventKind.allCases { lines.append(row(kind)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One kind's table row.
    static func row(_ kind: EventKind) -> String {
        let d = kind.descriptor
        let fields =
            d.fields.isEmpty
            ? "—" : d.fields.map { "\($0.type) \($0.name)" }.joined(separator: ", ")
        let refusals =
            d.refusals.isEmpty ? "—" : d.refusals.map { "`\($0)`" }.joined(separator: ", ")
        let chains =
            switch d.chains {
            case .main: "main"
            case .destination: "destination"
            case .any: "any chain"
            }
        return
            "| \(kind.code) | `\(d.name)` | \(fields) | \(d.contract.name) | \(chains), \(d.sender) | \(refusals) |"
    }
}

import Plot

/// A table of text cells with a caption and a header row: the numbers beside every chart, as the
/// `--json` views print them (decimal integers, EIP-55 addresses, 0x words).
struct DataTable {
    /// The table's id in the page (the tests find tables by it).
    var id: String
    /// The caption.
    var caption: String
    /// The column headers.
    var headers: [String]
    /// The rows of cells.
    var rows: [[String]]

    /// The `<table>` in a scrolling wrapper.
    func render() -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                .id(id),
                .caption(.text(caption)),
                .thead(.tr(.forEach(headers) { .th(.text($0)) })),
                .tbody(
                    .forEach(rows) { row in
                        .tr(.forEach(row) { .td(.text($0)) })
                    })))
    }
}

/// A chart beside its table, under a heading and a sentence of what it shows.
enum ReportSection {
    /// The `<section>`: heading, explanation, then each figure with its table.
    static func render(
        id: String, heading: String, explanation: String,
        pairs: [(Node<HTML.BodyContext>, DataTable)],
        extra: [Node<HTML.BodyContext>] = []
    ) -> Node<HTML.BodyContext> {
        .section(
            .id(id),
            .h2(.text(heading)),
            .p(.text(explanation)),
            .forEach(pairs.indices) { i in
                .div(
                    .class("pair"),
                    .element(named: "figure", nodes: [pairs[i].0]),
                    pairs[i].1.render())
            },
            .group(extra))
    }
}

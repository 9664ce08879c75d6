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
    /// A CSS class per row (highlighted rows: late or missing batches, differing registries);
    /// empty or shorter than `rows` for none.
    var rowClasses: [String] = []

    /// The CSS class of row `index`, or "" for none.
    func rowClass(_ index: Int) -> String {
        index < rowClasses.count ? rowClasses[index] : ""
    }

    /// The `<table>` in a scrolling wrapper.
    func render() -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                .id(id),
                .caption(.text(caption)),
                .thead(.tr(.forEach(headers) { .th(.text($0)) })),
                .tbody(
                    .forEach(rows.indices) { i in
                        .tr(
                            .if(!rowClass(i).isEmpty, .class(rowClass(i))),
                            .forEach(rows[i]) { .td(.text($0)) })
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

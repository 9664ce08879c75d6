import Plot

/// Stacked areas: one point per category, one band per series, bottom to top in series order
/// (at least two categories for an area; one is drawn as a bar).
public struct StackedAreaChart: StackedChart {
    /// The categories, series, titles and frame.
    public var stack: StackedSeries

    /// A chart of `series` over `categories`.
    public init(
        id: String, title: String, categories: [String], series: [ChartSeries], xTitle: String,
        yTitle: String
    ) {
        stack = StackedSeries(
            id: id, title: title, categories: categories, series: series, xTitle: xTitle,
            yTitle: yTitle)
    }

    /// The x of category `index`: the first at the left edge, the last at the right.
    public func x(of index: Int) -> Double {
        let layout = stack.layout
        guard stack.categories.count > 1 else { return (layout.plotLeft + layout.plotRight) / 2 }
        return layout.plotLeft + layout.plotWidth * Double(index)
            / Double(stack.categories.count - 1)
    }

    /// Each series' band as a closed polygon: its top edge left to right, then its base right to
    /// left.
    public func bands() -> [[(x: Double, y: Double)]] {
        let y = stack.yScale
        let categories = stack.categories
        var base = [Double](repeating: 0, count: categories.count)
        return stack.series.map { s in
            let bottom = categories.indices.map { (x: x(of: $0), y: y.pixel(for: base[$0])) }
            for c in categories.indices { base[c] += stack.value(of: s, at: c) }
            let top = categories.indices.map { (x: x(of: $0), y: y.pixel(for: base[$0])) }
            var polygon = top + bottom.reversed()
            if categories.count == 1, let t = top.first, let b = bottom.first {
                polygon = [(t.x - 8, t.y), (t.x + 8, t.y), (b.x + 8, b.y), (b.x - 8, b.y)]
            }
            return polygon
        }
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        let areas = zip(stack.series.indices, bands()).map { i, polygon in
            SVG.element(
                "polygon",
                [
                    (
                        "points",
                        polygon.map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(
                            separator: " ")
                    ),
                    ("fill", stack.fill(ofSeries: i)), ("stroke", "#222222"),
                    ("stroke-width", "0.5"),
                ])
        }
        return stack.render(marks: areas, labelX: x(of:))
    }
}

import Plot

/// Stacked areas: one point per category, one band per series, bottom to top in series order.
public struct StackedAreaChart: Sendable {
    /// The chart's id in the page.
    public var id: String
    /// The accessible title.
    public var title: String
    /// The category labels, left to right (at least two for an area; one is drawn as a bar).
    public var categories: [String]
    /// The series, stacked bottom to top.
    public var series: [ChartSeries]
    /// The x axis's title.
    public var xTitle: String
    /// The y axis's title, with its unit.
    public var yTitle: String
    /// The pixel frame.
    public var layout = ChartLayout()

    /// A chart of `series` over `categories`.
    public init(
        id: String, title: String, categories: [String], series: [ChartSeries], xTitle: String,
        yTitle: String
    ) {
        self.id = id
        self.title = title
        self.categories = categories
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// The y scale: zero to the tallest stack.
    public var yScale: LinearScale {
        let totals = categories.indices.map { c in
            series.reduce(0) { $0 + (c < $1.values.count ? $1.values[c] : 0) }
        }
        return LinearScale(
            zeroTo: totals.max() ?? 0, pixelStart: layout.plotBottom, pixelEnd: layout.plotTop)
    }

    /// The x of category `index`: the first at the left edge, the last at the right.
    public func x(of index: Int) -> Double {
        guard categories.count > 1 else { return (layout.plotLeft + layout.plotRight) / 2 }
        return layout.plotLeft + layout.plotWidth * Double(index) / Double(categories.count - 1)
    }

    /// Each series' band as a closed polygon: its top edge left to right, then its base right to
    /// left.
    public func bands() -> [[(x: Double, y: Double)]] {
        let y = yScale
        var base = [Double](repeating: 0, count: categories.count)
        return series.map { s in
            let bottom = categories.indices.map { (x: x(of: $0), y: y.pixel(for: base[$0])) }
            for c in categories.indices { base[c] += c < s.values.count ? s.values[c] : 0 }
            let top = categories.indices.map { (x: x(of: $0), y: y.pixel(for: base[$0])) }
            var polygon = top + bottom.reversed()
            if categories.count == 1, let t = top.first, let b = bottom.first {
                polygon = [(t.x - 8, t.y), (t.x + 8, t.y), (b.x + 8, b.y), (b.x - 8, b.y)]
            }
            return polygon
        }
    }

    /// The legend entries.
    public var legend: [LegendEntry] {
        ChartParts.legend(chart: id, series: series, layout: layout)
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        let areas = zip(series.indices, bands()).map { i, polygon in
            SVG.element(
                "polygon",
                [
                    (
                        "points",
                        polygon.map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(
                            separator: " ")
                    ),
                    ("fill", ChartParts.fill(chart: id, series: i, isOthers: series[i].isOthers)),
                    ("stroke", "#222222"), ("stroke-width", "0.5"),
                ])
        }
        let labels = ChartParts.thinned(categories).map { (x: x(of: $0.index), text: $0.item) }
        return ChartParts.root(
            id: id, title: title, layout: layout,
            [
                ChartParts.patterns(chart: id, series: series),
                ChartParts.yAxis(yScale, layout: layout, title: yTitle),
            ] + areas + [
                ChartParts.xAxis(labels: labels, layout: layout, title: xTitle),
                ChartParts.legendNode(legend, layout: layout),
            ])
    }
}

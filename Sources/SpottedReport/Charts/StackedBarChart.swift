import Plot

/// Stacked bars: one bar per category, one segment per series, bottom to top in series order.
public struct StackedBarChart: Sendable {
    /// The chart's id in the page (prefixes its pattern ids).
    public var id: String
    /// The accessible title.
    public var title: String
    /// The category labels, left to right.
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

    /// The sum of each category's stack.
    public var totals: [Double] {
        categories.indices.map { c in
            series.reduce(0) { $0 + (c < $1.values.count ? $1.values[c] : 0) }
        }
    }

    /// The y scale: zero to the tallest stack, rounded up to a nice tick.
    public var yScale: LinearScale {
        LinearScale(
            zeroTo: totals.max() ?? 0, pixelStart: layout.plotBottom, pixelEnd: layout.plotTop)
    }

    /// The x centre of category `index`.
    public func centre(of index: Int) -> Double {
        let band = layout.plotWidth / Double(max(categories.count, 1))
        return layout.plotLeft + band * (Double(index) + 0.5)
    }

    /// The segments: `[series][category]`, each sitting on the one below it.
    public func segments() -> [[PixelRect]] {
        let y = yScale
        let band = layout.plotWidth / Double(max(categories.count, 1))
        let width = max(1, band * 0.8)
        var base = [Double](repeating: 0, count: categories.count)
        return series.map { s in
            categories.indices.map { c in
                let v = c < s.values.count ? s.values[c] : 0
                let top = y.pixel(for: base[c] + v)
                let bottom = y.pixel(for: base[c])
                base[c] += v
                return PixelRect(
                    x: centre(of: c) - width / 2, y: top, width: width, height: bottom - top)
            }
        }
    }

    /// The legend entries.
    public var legend: [LegendEntry] {
        ChartParts.legend(chart: id, series: series, layout: layout)
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        let bars = zip(series.indices, segments()).map { i, rects in
            SVG.element(
                "g",
                [("fill", ChartParts.fill(chart: id, series: i, isOthers: series[i].isOthers))],
                rects.filter { $0.height > 0 }.map {
                    SVG.element(
                        "rect",
                        [
                            ("x", SVG.number($0.x)), ("y", SVG.number($0.y)),
                            ("width", SVG.number($0.width)), ("height", SVG.number($0.height)),
                        ])
                })
        }
        let labels = ChartParts.thinned(categories).map { (x: centre(of: $0.index), text: $0.item) }
        return ChartParts.root(
            id: id, title: title, layout: layout,
            [
                ChartParts.patterns(chart: id, series: series),
                ChartParts.yAxis(yScale, layout: layout, title: yTitle),
            ] + bars + [
                ChartParts.xAxis(labels: labels, layout: layout, title: xTitle),
                ChartParts.legendNode(legend, layout: layout),
            ])
    }
}

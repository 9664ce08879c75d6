import Plot

/// What a stacked chart draws from: categories left to right, series stacked bottom to top in
/// order, the titles and the pixel frame (the bar and area charts differ only in their marks).
public struct StackedSeries: Sendable {
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

    /// `series` stacked over `categories`.
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

    /// The value of `series` at category `index`: zero past the end of its values.
    public func value(of series: ChartSeries, at index: Int) -> Double {
        index < series.values.count ? series.values[index] : 0
    }

    /// The sum of each category's stack.
    public var totals: [Double] {
        categories.indices.map { c in series.reduce(0) { $0 + value(of: $1, at: c) } }
    }

    /// The y scale: zero to the tallest stack, rounded up to a nice tick.
    public var yScale: LinearScale {
        LinearScale(
            zeroTo: totals.max() ?? 0, pixelStart: layout.plotBottom, pixelEnd: layout.plotTop)
    }

    /// The legend entries.
    public var legend: [LegendEntry] {
        ChartParts.legend(chart: id, series: series, layout: layout)
    }

    /// The fill of series `index`: its colour, or its hatch pattern's `url(#…)`.
    func fill(ofSeries index: Int) -> String {
        ChartParts.fill(chart: id, series: index, isOthers: series[index].isOthers)
    }

    /// The SVG around `marks`: patterns and y axis below them, then the x axis (each thinned
    /// category's label at `labelX(index)`) and the legend.
    func render(marks: [Node<HTML.BodyContext>], labelX: (Int) -> Double)
        -> Node<HTML.BodyContext>
    {
        let labels = ChartParts.thinned(categories).map { (x: labelX($0.index), text: $0.item) }
        return ChartParts.root(
            id: id, title: title, layout: layout,
            [
                ChartParts.patterns(chart: id, series: series),
                ChartParts.yAxis(yScale, layout: layout, title: yTitle),
            ] + marks + [
                ChartParts.xAxis(labels: labels, layout: layout, title: xTitle),
                ChartParts.legendNode(legend, layout: layout),
            ])
    }
}

/// A chart drawn from a `StackedSeries`, whose fields and figures read as the chart's own
/// (`chart.categories`, `chart.yScale`, `chart.layout = …`).
@dynamicMemberLookup
public protocol StackedChart: Sendable {
    /// What the chart draws.
    var stack: StackedSeries { get set }
}

extension StackedChart {
    /// A figure of `stack`, read through the chart.
    public subscript<T>(dynamicMember keyPath: KeyPath<StackedSeries, T>) -> T {
        stack[keyPath: keyPath]
    }

    /// A field of `stack`, read and set through the chart.
    public subscript<T>(dynamicMember keyPath: WritableKeyPath<StackedSeries, T>) -> T {
        get { stack[keyPath: keyPath] }
        set { stack[keyPath: keyPath] = newValue }
    }
}

import Plot

/// A value over categories drawn as a solid line with markers, against a dashed threshold line;
/// categories where the value is below the threshold get a hollow square.
public struct LineThresholdChart: Sendable {
    /// The chart's id in the page.
    public var id: String
    /// The accessible title.
    public var title: String
    /// The category labels, left to right.
    public var categories: [String]
    /// The value line (its name is the legend's).
    public var value: ChartSeries
    /// The threshold line.
    public var threshold: ChartSeries
    /// The x axis's title.
    public var xTitle: String
    /// The y axis's title, with its unit.
    public var yTitle: String
    /// The pixel frame.
    public var layout = ChartLayout()

    /// A chart of `value` against `threshold` over `categories`.
    public init(
        id: String, title: String, categories: [String], value: ChartSeries,
        threshold: ChartSeries, xTitle: String, yTitle: String
    ) {
        self.id = id
        self.title = title
        self.categories = categories
        self.value = value
        self.threshold = threshold
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// The colour of the value line (the darkest of the palette) and of the threshold (grey).
    static let valueColour = Palette.colours[0]
    static let thresholdColour = "#8a8a8a"

    /// The y scale: zero to the larger of both lines.
    public var yScale: LinearScale {
        LinearScale(
            zeroTo: (value.values + threshold.values).max() ?? 0, pixelStart: layout.plotBottom,
            pixelEnd: layout.plotTop)
    }

    /// The x of category `index` (centred in its band, like the bars).
    public func x(of index: Int) -> Double {
        let band = layout.plotWidth / Double(max(categories.count, 1))
        return layout.plotLeft + band * (Double(index) + 0.5)
    }

    /// The points of `series`.
    public func points(_ series: ChartSeries) -> [(x: Double, y: Double)] {
        let y = yScale
        return series.values.indices.map { (x: x(of: $0), y: y.pixel(for: series.values[$0])) }
    }

    /// The categories whose value is below the threshold.
    public var belowThreshold: [Int] {
        value.values.indices.filter {
            $0 < threshold.values.count && value.values[$0] < threshold.values[$0]
        }
    }

    /// The legend entries: the value, then the threshold.
    public var legend: [LegendEntry] {
        [
            LegendEntry(name: value.name, y: layout.plotTop, fill: Self.valueColour),
            LegendEntry(name: threshold.name, y: layout.plotTop + 18, fill: Self.thresholdColour),
        ]
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        func polyline(_ s: ChartSeries, colour: String, dash: String) -> Node<HTML.BodyContext> {
            SVG.element(
                "polyline",
                [
                    (
                        "points",
                        points(s).map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(
                            separator: " ")
                    ),
                    ("fill", "none"), ("stroke", colour), ("stroke-width", "2"),
                    ("stroke-dasharray", dash),
                ])
        }
        let marks = points(value).map {
            SVG.element(
                "circle",
                [
                    ("cx", SVG.number($0.x)), ("cy", SVG.number($0.y)), ("r", "3"),
                    ("fill", Self.valueColour),
                ])
        }
        let below = belowThreshold.map { i -> Node<HTML.BodyContext> in
            let p = points(value)[i]
            return SVG.element(
                "rect",
                [
                    ("x", SVG.number(p.x - 6)), ("y", SVG.number(p.y - 6)), ("width", "12"),
                    ("height", "12"), ("fill", "none"), ("stroke", "#000000"),
                    ("stroke-width", "2"),
                ])
        }
        let labels = ChartParts.thinned(categories).map { (x: x(of: $0.index), text: $0.item) }
        return ChartParts.root(
            id: id, title: title, layout: layout,
            [
                ChartParts.yAxis(yScale, layout: layout, title: yTitle),
                polyline(threshold, colour: Self.thresholdColour, dash: "6 4"),
                polyline(value, colour: Self.valueColour, dash: "none"),
            ] + marks + below + [
                ChartParts.xAxis(labels: labels, layout: layout, title: xTitle),
                ChartParts.legendNode(legend, layout: layout),
            ])
    }
}

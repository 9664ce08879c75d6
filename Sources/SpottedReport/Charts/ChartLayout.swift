/// The pixel frame of a chart: the SVG size and the margins around the plot area (axes on the
/// left and bottom, the legend on the right).
public struct ChartLayout: Sendable, Equatable {
    /// The SVG's width.
    public var widthPixels: Double = 760
    /// The SVG's height.
    public var heightPixels: Double = 280
    /// Room for the y axis's tick labels and title.
    public var marginLeftPixels: Double = 64
    /// Room for the legend.
    public var marginRightPixels: Double = 170
    /// Room above the plot.
    public var marginTopPixels: Double = 14
    /// Room for the x axis's labels and title.
    public var marginBottomPixels: Double = 46

    /// The default frame.
    public init() {}

    /// The plot area's left edge.
    public var plotLeft: Double { marginLeftPixels }
    /// The plot area's right edge.
    public var plotRight: Double { widthPixels - marginRightPixels }
    /// The plot area's top edge.
    public var plotTop: Double { marginTopPixels }
    /// The plot area's bottom edge.
    public var plotBottom: Double { heightPixels - marginBottomPixels }
    /// The plot area's width.
    public var plotWidth: Double { plotRight - plotLeft }
}

/// One named row of values, one value per category (x position) of a chart.
public struct ChartSeries: Sendable, Equatable {
    /// The legend's name for the series.
    public var name: String
    /// One value per category.
    public var values: [Double]
    /// The series gathers the rest ("others"): it is drawn in light grey, hatched.
    public var isOthers: Bool

    /// A series named `name` with `values`.
    public init(name: String, values: [Double], isOthers: Bool = false) {
        self.name = name
        self.values = values
        self.isOthers = isOthers
    }
}

/// A rectangle in pixels.
public struct PixelRect: Sendable, Equatable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double
}

/// One legend entry: its name, where it is drawn and how it is filled.
public struct LegendEntry: Sendable, Equatable {
    /// The series' name.
    public var name: String
    /// The swatch's top edge.
    public var y: Double
    /// The fill: a colour, or `url(#…)` of a hatch pattern in the chart's own definitions.
    public var fill: String
}

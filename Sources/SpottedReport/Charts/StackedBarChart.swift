import Plot

/// Stacked bars: one bar per category, one segment per series, bottom to top in series order.
public struct StackedBarChart: StackedChart {
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

    /// The x centre of category `index`.
    public func centre(of index: Int) -> Double {
        let band = stack.layout.plotWidth / Double(max(stack.categories.count, 1))
        return stack.layout.plotLeft + band * (Double(index) + 0.5)
    }

    /// The segments: `[series][category]`, each sitting on the one below it.
    public func segments() -> [[PixelRect]] {
        let y = stack.yScale
        let band = stack.layout.plotWidth / Double(max(stack.categories.count, 1))
        let width = max(1, band * 0.8)
        var base = [Double](repeating: 0, count: stack.categories.count)
        return stack.series.map { s in
            stack.categories.indices.map { c in
                let v = stack.value(of: s, at: c)
                let top = y.pixel(for: base[c] + v)
                let bottom = y.pixel(for: base[c])
                base[c] += v
                return PixelRect(
                    x: centre(of: c) - width / 2, y: top, width: width, height: bottom - top)
            }
        }
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        let bars = zip(stack.series.indices, segments()).map { i, rects in
            SVG.element(
                "g", [("fill", stack.fill(ofSeries: i))],
                rects.filter { $0.height > 0 }.map {
                    SVG.element(
                        "rect",
                        [
                            ("x", SVG.number($0.x)), ("y", SVG.number($0.y)),
                            ("width", SVG.number($0.width)), ("height", SVG.number($0.height)),
                        ])
                })
        }
        return stack.render(marks: bars, labelX: centre(of:))
    }
}

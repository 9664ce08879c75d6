import Plot

/// The parts every chart shares: the SVG root, hatch patterns, axes and the legend.
enum ChartParts {
    /// The `<svg>` root with its accessible title; `id` prefixes the chart's pattern ids.
    static func root(
        id: String, title: String, layout: ChartLayout, _ children: [Node<HTML.BodyContext>]
    ) -> Node<HTML.BodyContext> {
        SVG.element(
            "svg",
            [
                ("id", id), ("class", "chart"),
                ("role", "img"), ("aria-labelledby", id + "-title"),
                ("width", SVG.number(layout.widthPixels)),
                ("height", SVG.number(layout.heightPixels)),
                (
                    "viewBox",
                    "0 0 \(SVG.number(layout.widthPixels)) \(SVG.number(layout.heightPixels))"
                ),
            ],
            [SVG.element("title", [("id", id + "-title")], [.text(title)])] + children)
    }

    /// The fill of series `index`: its colour, or its hatch pattern's `url(#…)`.
    static func fill(chart id: String, series index: Int, isOthers: Bool) -> String {
        Palette.isHatched(series: index, isOthers: isOthers)
            ? "url(#\(id)-p\(index))" : Palette.colour(ofSeries: index, isOthers: isOthers)
    }

    /// `<defs>` with one hatch pattern per hatched series.
    static func patterns(chart id: String, series: [ChartSeries]) -> Node<HTML.BodyContext> {
        let defs = series.indices.filter {
            Palette.isHatched(series: $0, isOthers: series[$0].isOthers)
        }.map { i -> Node<HTML.BodyContext> in
            let colour = Palette.colour(ofSeries: i, isOthers: series[i].isOthers)
            let stroke = Palette.luminance(colour) > 0.3 ? "#000000" : "#ffffff"
            return SVG.element(
                "pattern",
                [
                    ("id", "\(id)-p\(i)"), ("patternUnits", "userSpaceOnUse"), ("width", "6"),
                    ("height", "6"), ("patternTransform", "rotate(45)"),
                ],
                [
                    SVG.element("rect", [("width", "6"), ("height", "6"), ("fill", colour)]),
                    SVG.element(
                        "line",
                        [
                            ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", stroke),
                            ("stroke-width", "2"), ("stroke-opacity", "0.6"),
                        ]),
                ])
        }
        return SVG.element("defs", [], defs)
    }

    /// The y axis: tick lines across the plot, tick labels and the axis title (with its unit).
    static func yAxis(_ scale: LinearScale, layout: ChartLayout, title: String)
        -> Node<HTML.BodyContext>
    {
        let ticks = scale.ticks.map { v -> Node<HTML.BodyContext> in
            let y = scale.pixel(for: v)
            return .group(
                SVG.element(
                    "line",
                    [
                        ("class", "grid"), ("x1", SVG.number(layout.plotLeft)),
                        ("x2", SVG.number(layout.plotRight)), ("y1", SVG.number(y)),
                        ("y2", SVG.number(y)),
                    ]),
                SVG.text(TickLabel.short(v), x: layout.plotLeft - 6, y: y + 4, anchor: "end"))
        }
        let midY = (layout.plotTop + layout.plotBottom) / 2
        return SVG.element(
            "g", [("class", "axis y")],
            ticks + [
                SVG.text(
                    title, x: 14, y: midY, anchor: "middle",
                    extra: [("transform", "rotate(-90 14 \(SVG.number(midY)))")])
            ])
    }

    /// The x axis: its base line, labels at `positions` and its title.
    static func xAxis(
        labels: [(x: Double, text: String)], layout: ChartLayout, title: String
    ) -> Node<HTML.BodyContext> {
        let base = SVG.element(
            "line",
            [
                ("class", "base"), ("x1", SVG.number(layout.plotLeft)),
                ("x2", SVG.number(layout.plotRight)), ("y1", SVG.number(layout.plotBottom)),
                ("y2", SVG.number(layout.plotBottom)),
            ])
        let marks = labels.map {
            SVG.text($0.text, x: $0.x, y: layout.plotBottom + 16, anchor: "middle")
        }
        let name = SVG.text(
            title, x: (layout.plotLeft + layout.plotRight) / 2, y: layout.heightPixels - 8,
            anchor: "middle")
        return SVG.element("g", [("class", "axis x")], [base] + marks + [name])
    }

    /// Legend entries for `series`, top to bottom in the right margin.
    static func legend(chart id: String, series: [ChartSeries], layout: ChartLayout)
        -> [LegendEntry]
    {
        series.indices.map {
            LegendEntry(
                name: series[$0].name, y: layout.plotTop + Double($0) * 18,
                fill: fill(chart: id, series: $0, isOthers: series[$0].isOthers))
        }
    }

    /// The legend drawn: a swatch and a name per entry.
    static func legendNode(_ entries: [LegendEntry], layout: ChartLayout) -> Node<HTML.BodyContext>
    {
        let x = layout.plotRight + 14
        return SVG.element(
            "g", [("class", "legend")],
            entries.map {
                .group(
                    SVG.element(
                        "rect",
                        [
                            ("x", SVG.number(x)), ("y", SVG.number($0.y)), ("width", "12"),
                            ("height", "12"), ("fill", $0.fill), ("stroke", "#333333"),
                        ]),
                    SVG.text($0.name, x: x + 18, y: $0.y + 10))
            })
    }

    /// Every `stride`-th label, so at most about 16 fit under the axis.
    static func thinned<T>(_ items: [T]) -> [(index: Int, item: T)] {
        let stride = max(1, (items.count + 15) / 16)
        return items.enumerated().filter { $0.offset % stride == 0 }.map { ($0.offset, $0.element) }
    }
}

import Plot

/// A timeline in lanes: one lane per chain, each batch a segment from its send to its apply along
/// the log's sequence axis, with epoch boundaries as vertical lines and grace periods as bands.
public struct LaneChart: Sendable {
    /// One batch in a lane.
    public struct Mark: Sendable, Equatable {
        /// The lane's index.
        public var lane: Int
        /// Where it starts (the send), or nil when never sent.
        public var start: Double?
        /// Where it ends (the apply), or nil when never applied.
        public var end: Double?
        /// Where a missing batch is marked (its epoch's start) when it has no end.
        public var anchor: Double
        /// `on-time`, `late`, `skipped`, `missing` or `pending` (EpochTimelineReport's statuses).
        public var status: String
        /// The batch's label, for its tooltip.
        public var label: String

        /// A mark in lane `lane`.
        public init(
            lane: Int, start: Double?, end: Double?, anchor: Double, status: String, label: String
        ) {
            self.lane = lane
            self.start = start
            self.end = end
            self.anchor = anchor
            self.status = status
            self.label = label
        }
    }

    /// The chart's id in the page.
    public var id: String
    /// The accessible title.
    public var title: String
    /// The lane names, top to bottom.
    public var lanes: [String]
    /// The domain of the x axis (log sequences).
    public var domain: (min: Double, max: Double)
    /// The batches.
    public var marks: [Mark]
    /// Vertical lines at epoch starts, with their labels.
    public var boundaries: [(x: Double, label: String)]
    /// Grace periods, as x ranges.
    public var bands: [(start: Double, end: Double)]
    /// The x axis's title.
    public var xTitle: String
    /// The pixel frame.
    public var layout: ChartLayout

    /// A timeline of `marks` in `lanes` over `domain`.
    public init(
        id: String, title: String, lanes: [String], domain: (min: Double, max: Double),
        marks: [Mark], boundaries: [(x: Double, label: String)],
        bands: [(start: Double, end: Double)], xTitle: String
    ) {
        self.id = id
        self.title = title
        self.lanes = lanes
        self.domain = domain
        self.marks = marks
        self.boundaries = boundaries
        self.bands = bands
        self.xTitle = xTitle
        var layout = ChartLayout()
        layout.marginLeftPixels = 90
        layout.heightPixels = max(160, Double(lanes.count) * 40 + 80)
        self.layout = layout
    }

    /// The x scale over the sequence domain.
    public var xScale: LinearScale {
        LinearScale(
            from: domain.min, to: domain.max, pixelStart: layout.plotLeft,
            pixelEnd: layout.plotRight)
    }

    /// The centre line of lane `index`.
    public func laneY(_ index: Int) -> Double {
        let height = (layout.plotBottom - layout.plotTop) / Double(max(lanes.count, 1))
        return layout.plotTop + height * (Double(index) + 0.5)
    }

    /// The colour of an on-time batch: mid grey in print, far from the late batches' black.
    static let onTimeColour = Palette.colours[3]

    /// The legend: one entry per status drawn, then the grace band.
    public var legend: [LegendEntry] {
        let names = [
            ("on-time", "applied on time", Self.onTimeColour), ("late", "applied late", "#000000"),
            ("skipped", "skipped", "#ffffff"), ("missing", "missing", "#ffffff"),
        ]
        return names.enumerated().map {
            LegendEntry(
                name: $0.element.1, y: layout.plotTop + Double($0.offset) * 18, fill: $0.element.2)
        } + [LegendEntry(name: "grace period", y: layout.plotTop + 72, fill: "#e4e4e4")]
    }

    /// The SVG.
    public func render() -> Node<HTML.BodyContext> {
        let x = xScale
        let graceBands = bands.map {
            SVG.element(
                "rect",
                [
                    ("class", "grace"), ("x", SVG.number(x.pixel(for: $0.start))),
                    ("y", SVG.number(layout.plotTop)),
                    ("width", SVG.number(max(1, x.pixel(for: $0.end) - x.pixel(for: $0.start)))),
                    ("height", SVG.number(layout.plotBottom - layout.plotTop)), ("fill", "#e4e4e4"),
                ])
        }
        let lines = boundaries.map {
            SVG.element(
                "line",
                [
                    ("class", "boundary"), ("x1", SVG.number(x.pixel(for: $0.x))),
                    ("x2", SVG.number(x.pixel(for: $0.x))), ("y1", SVG.number(layout.plotTop)),
                    ("y2", SVG.number(layout.plotBottom)), ("stroke", "#555555"),
                    ("stroke-dasharray", "2 3"),
                ])
        }
        let laneLabels = lanes.indices.map {
            SVG.text(lanes[$0], x: layout.plotLeft - 8, y: laneY($0) + 4, anchor: "end")
        }
        let epochLabels = ChartParts.thinned(boundaries).map {
            (x: x.pixel(for: $0.item.x), text: $0.item.label)
        }
        return ChartParts.root(
            id: id, title: title, layout: layout,
            graceBands + lines + laneLabels + marks.map(markNode) + [
                ChartParts.xAxis(labels: epochLabels, layout: layout, title: xTitle),
                ChartParts.legendNode(legend, layout: layout),
            ])
    }

    /// One batch: a segment from send (a small open circle) to apply, ending in a teal square when
    /// on time and a larger black diamond when late (told apart by shape in grey print); a hollow
    /// circle when skipped, a cross when missing.
    func markNode(_ m: Mark) -> Node<HTML.BodyContext> {
        let x = xScale
        let y = laneY(m.lane)
        let title = SVG.element("title", [], [.text(m.label)])
        guard let end = m.end else {
            let cx = x.pixel(for: m.start ?? m.anchor)
            if m.status == "skipped" {
                return SVG.element(
                    "circle",
                    [
                        ("cx", SVG.number(cx)), ("cy", SVG.number(y)), ("r", "5"),
                        ("fill", "#ffffff"),
                        ("stroke", "#000000"), ("stroke-width", "1.5"),
                    ], [title])
            }
            let d = "M\(SVG.number(cx - 5)) \(SVG.number(y - 5))l10 10m0 -10l-10 10"
            return SVG.element(
                "path", [("d", d), ("stroke", "#000000"), ("stroke-width", "2"), ("fill", "none")],
                [title])
        }
        let late = m.status == "late"
        let colour = late ? "#000000" : Self.onTimeColour
        let x0 = x.pixel(for: m.start ?? end)
        let x1 = x.pixel(for: end)
        return SVG.element(
            "g", [("class", "batch " + m.status)],
            [
                title,
                SVG.element(
                    "line",
                    [
                        ("x1", SVG.number(x0)), ("x2", SVG.number(x1)), ("y1", SVG.number(y)),
                        ("y2", SVG.number(y)), ("stroke", colour),
                        ("stroke-width", late ? "3" : "1.5"),
                    ]),
                late
                    ? SVG.element(
                        "path",
                        [
                            ("d", "M\(SVG.number(x1)) \(SVG.number(y - 7))l7 7l-7 7l-7 -7z"),
                            ("fill", colour),
                        ])
                    : SVG.element(
                        "rect",
                        [
                            ("x", SVG.number(x1 - 3.5)), ("y", SVG.number(y - 3.5)),
                            ("width", "7"), ("height", "7"), ("fill", colour),
                        ]),
            ])
    }
}

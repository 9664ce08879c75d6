import Testing

@testable import SpottedReport

/// The charts' geometry: scales and ticks, stacking, legends, lanes and the palette's grey levels.
@Suite struct ChartGeometryTests {
    @Test("nice steps are 1, 2 or 5 × a power of ten at or above the raw step")
    func niceSteps() {
        #expect(LinearScale.niceStep(0.7) == 1)
        #expect(LinearScale.niceStep(1.3) == 2)
        #expect(LinearScale.niceStep(17.4) == 20)
        #expect(LinearScale.niceStep(30) == 50)
        #expect(LinearScale.niceStep(6e20) == 1e21)
        #expect(LinearScale.niceStep(0) == 1)
        #expect(LinearScale.niceStep(.nan) == 1)
    }

    @Test("a zero-based scale ends on its top tick and maps linearly")
    func zeroBasedScale() {
        let y = LinearScale(zeroTo: 87, pixelStart: 240, pixelEnd: 20)
        #expect(y.ticks == [0, 20, 40, 60, 80, 100])
        #expect(y.domainMax == 100)
        #expect(y.pixel(for: 0) == 240)
        #expect(y.pixel(for: 100) == 20)
        #expect(y.pixel(for: 50) == 130)
        let empty = LinearScale(zeroTo: 0, pixelStart: 100, pixelEnd: 0)
        #expect(
            empty.domainMax > 0 && empty.pixel(for: 0) == 100, "an empty chart still has an axis")
    }

    @Test("a ranged scale keeps its domain and ticks inside it")
    func rangedScale() {
        let x = LinearScale(from: 27, to: 461, pixelStart: 90, pixelEnd: 590)
        #expect(x.pixel(for: 27) == 90 && x.pixel(for: 461) == 590)
        #expect(x.ticks.first == 100 && x.ticks.last == 400)
        #expect(x.ticks.allSatisfy { $0 >= 27 && $0 <= 461 })
    }

    @Test("tick labels are short, with SI suffixes")
    func tickLabels() {
        #expect(TickLabel.short(0) == "0")
        #expect(TickLabel.short(950) == "950")
        #expect(TickLabel.short(1200) == "1.2k")
        #expect(TickLabel.short(3e21) == "3Z")
        #expect(TickLabel.short(2.5e6) == "2.5M")
    }

    @Test("stacked bars sit on each other and the tallest stack fits the scale")
    func stackedBars() {
        let chart = StackedBarChart(
            id: "c", title: "t", categories: ["0", "1", "2"],
            series: [
                ChartSeries(name: "a", values: [10, 0, 30]),
                ChartSeries(name: "b", values: [5, 20, 10]),
            ], xTitle: "epoch", yTitle: "events")
        let s = chart.segments()
        let y = chart.yScale
        #expect(chart.totals == [15, 20, 40])
        #expect(y.domainMax == 40)
        for c in 0..<3 {
            #expect(
                s[0][c].y + s[0][c].height == chart.layout.plotBottom, "first series on the axis")
            #expect(abs(s[1][c].y + s[1][c].height - s[0][c].y) < 1e-9, "second on the first")
            #expect(abs(s[1][c].y - y.pixel(for: chart.totals[c])) < 1e-9, "top at the total")
        }
        #expect(s[0][1].height == 0)
        #expect(
            s[0].allSatisfy {
                $0.x >= chart.layout.plotLeft && $0.x + $0.width <= chart.layout.plotRight
            })
        #expect(chart.legend.map(\.name) == ["a", "b"])
        #expect(chart.legend[1].y - chart.legend[0].y == 18)
        #expect(chart.legend[0].fill == Palette.colour(ofSeries: 0))
        #expect(chart.legend[1].fill == "url(#c-p1)", "odd series are hatched")
    }

    @Test("stacked areas close each band between its base and its top")
    func stackedArea() {
        let chart = StackedAreaChart(
            id: "w", title: "t", categories: ["1", "2"],
            series: [
                ChartSeries(name: "a", values: [4, 6]),
                ChartSeries(name: "o", values: [6, 4], isOthers: true),
            ],
            xTitle: "epoch", yTitle: "weight")
        let bands = chart.bands()
        #expect(bands.count == 2 && bands[0].count == 4)
        #expect(bands[0][0].x == chart.layout.plotLeft && bands[0][1].x == chart.layout.plotRight)
        #expect(bands[0][2].y == chart.layout.plotBottom, "first band's base is the axis")
        #expect(bands[1][0].y == chart.yScale.pixel(for: 10) && bands[1][3].y == bands[0][0].y)
        #expect(chart.legend[1].fill == "url(#w-p1)")
    }

    @Test("the threshold chart finds the epochs below the threshold")
    func threshold() {
        let chart = LineThresholdChart(
            id: "t", title: "t", categories: ["0", "1", "2"],
            value: ChartSeries(name: "total", values: [10, 4, 12]),
            threshold: ChartSeries(name: "threshold", values: [5, 5, 5]), xTitle: "epoch",
            yTitle: "weight")
        #expect(chart.belowThreshold == [1])
        #expect(chart.points(chart.value)[2].y == chart.yScale.pixel(for: 12))
        #expect(chart.legend.map(\.name) == ["total", "threshold"])
    }

    @Test("lanes are evenly spaced and marks map sequences to pixels")
    func lanes() {
        let chart = LaneChart(
            id: "l", title: "t", lanes: ["chain 2", "chain 3"], domain: (1, 101),
            marks: [
                LaneChart.Mark(lane: 1, start: 1, end: 101, anchor: 1, status: "late", label: "b")
            ],
            boundaries: [(1, "0"), (51, "1")], bands: [(40, 50)], xTitle: "sequence")
        let l = chart.layout
        #expect(chart.laneY(0) - l.plotTop == l.plotBottom - chart.laneY(1))
        #expect(
            chart.xScale.pixel(for: 1) == l.plotLeft && chart.xScale.pixel(for: 101) == l.plotRight)
        #expect(chart.legend.map(\.name).contains("grace period"))
    }

    @Test("series fills stay apart in grey: luminance spaced, neighbours far apart, hatching")
    func palette() {
        let levels = Palette.colours.map(Palette.luminance).sorted()
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $1 - $0 >= 0.02 })
        #expect(Set(Palette.order) == Set(Palette.colours.indices))
        for i in 0..<(Palette.order.count - 1) {
            let a = Palette.luminance(Palette.colour(ofSeries: i))
            let b = Palette.luminance(Palette.colour(ofSeries: i + 1))
            #expect(
                abs(a - b) >= 0.1
                    || Palette.isHatched(series: i) != Palette.isHatched(series: i + 1))
        }
        #expect(Palette.luminance("#000000") == 0 && Palette.luminance("#ffffff") == 1)
    }
}

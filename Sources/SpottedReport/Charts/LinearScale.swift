import Foundation

/// A linear map from data values to pixels, with "nice" ticks (1, 2 or 5 × a power of ten).
///
/// ```swift
/// let y = LinearScale(zeroTo: 87, pixels: 240...20)  // ticks 0, 20, 40, 60, 80, 100
/// y.pixel(for: 50)  // 130
/// ```
public struct LinearScale: Sendable, Equatable {
    /// The data value drawn at `pixelStart`.
    public let domainMin: Double
    /// The data value drawn at `pixelEnd`.
    public let domainMax: Double
    /// The pixel of `domainMin` (larger than `pixelEnd` on a y axis, which grows upwards).
    public let pixelStart: Double
    /// The pixel of `domainMax`.
    public let pixelEnd: Double
    /// The tick values, ascending, all within the domain.
    public let ticks: [Double]

    /// A scale from 0 to `maximum` rounded up to a nice tick, so the top tick closes the axis.
    public init(zeroTo maximum: Double, pixelStart: Double, pixelEnd: Double, tickCount: Int = 5) {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let step = Self.niceStep(top / Double(max(tickCount, 1)))
        let last = (top / step).rounded(.up) * step
        domainMin = 0
        domainMax = last
        self.pixelStart = pixelStart
        self.pixelEnd = pixelEnd
        ticks = Self.ticks(from: 0, to: last, step: step)
    }

    /// A scale over `minimum`…`maximum` exactly, with the nice ticks that fall inside it.
    public init(
        from minimum: Double, to maximum: Double, pixelStart: Double, pixelEnd: Double,
        tickCount: Int = 5
    ) {
        let hi = maximum > minimum ? maximum : minimum + 1
        let step = Self.niceStep((hi - minimum) / Double(max(tickCount, 1)))
        domainMin = minimum
        domainMax = hi
        self.pixelStart = pixelStart
        self.pixelEnd = pixelEnd
        ticks = Self.ticks(from: (minimum / step).rounded(.up) * step, to: hi, step: step)
    }

    /// The pixel of `value`.
    public func pixel(for value: Double) -> Double {
        pixelStart + (value - domainMin) / (domainMax - domainMin) * (pixelEnd - pixelStart)
    }

    /// The nice step (1, 2 or 5 × 10^k) at or above `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    /// `first`, `first + step`, … up to `last` (at most 50 ticks).
    static func ticks(from first: Double, to last: Double, step: Double) -> [Double] {
        var out = [Double]()
        var i = 0.0
        while out.count < 50 {
            let v = first + i * step
            if v > last + step * 1e-9 { break }
            out.append(v)
            i += 1
        }
        return out
    }
}

/// Short labels for axis ticks: 1 200 → "1.2k", 3e21 → "3Z"; exact values live in the tables.
public enum TickLabel {
    /// `value` in at most four significant characters and an SI suffix.
    public static func short(_ value: Double) -> String {
        let suffixes = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"]
        var v = value
        var i = 0
        while abs(v) >= 1000, i < suffixes.count - 1 {
            v /= 1000
            i += 1
        }
        if abs(v) >= 1000 { return String(format: "%.0e", value) }
        let rounded = (v * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return text + suffixes[i]
    }
}

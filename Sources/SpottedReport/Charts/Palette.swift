import Foundation

/// Fills that stay apart in grey-scale print: colours spaced in luminance, every other one
/// hatched, so neighbouring series differ in grey level and in texture.
public enum Palette {
    /// Series colours ordered by luminance (samples of viridis, perceptually uniform); series use
    /// them in ``order`` so neighbours in a stack are far apart in grey.
    public static let colours = [
        "#440154", "#3b518b", "#2c718e", "#21908d", "#27ad81", "#5cc863", "#aadc32", "#fde725",
    ]
    /// The colour index each series takes, in series order: dark and light alternate.
    public static let order = [0, 4, 2, 6, 1, 5, 3, 7]
    /// The fill of the "others" series: a light grey, always hatched.
    public static let othersColour = "#c8c8c8"

    /// The colour of series `index` (`isOthers`: the "others" series).
    public static func colour(ofSeries index: Int, isOthers: Bool = false) -> String {
        isOthers ? othersColour : colours[order[index % order.count]]
    }

    /// Series with an odd index (and "others") are hatched.
    public static func isHatched(series index: Int, isOthers: Bool = false) -> Bool {
        isOthers || index % 2 == 1
    }

    /// The relative luminance (WCAG) of a `#rrggbb` colour, 0 (black) … 1 (white).
    public static func luminance(_ hex: String) -> Double {
        let digits = Array(hex.dropFirst())
        guard digits.count == 6 else { return 0 }
        func channel(_ i: Int) -> Double {
            let c = Double(Int(String(digits[i..<(i + 2)]), radix: 16) ?? 0) / 255
            return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }
}

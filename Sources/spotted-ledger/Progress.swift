import Foundation

/// A progress line on standard error, only when it is a terminal: what is done of the total, the
/// rate in events per second and the time left, redrawn at most every 200 ms.
final class Progress {
    private var label: String
    private var total: UInt64
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private let unit: String
    private let enabled = isatty(2) == 1
    /// Shortest time between two redraws, in seconds.
    static let redrawIntervalSeconds = 0.2

    /// A progress line for `label`, with `total` items of `unit` (0: unknown).
    init(label: String, total: UInt64, unit: String = "events") {
        self.label = label
        self.total = total
        self.unit = unit
    }

    /// Records `done` events; `label` and `total` replace the line's when given (a new phase).
    func update(_ done: UInt64, label: String? = nil, total: UInt64? = nil) {
        if let label { self.label = label }
        if let total { self.total = total }
        guard enabled, done > 0, -lastDrawn.timeIntervalSinceNow >= Self.redrawIntervalSeconds
        else {
            return
        }
        lastDrawn = Date()
        let elapsed = -start.timeIntervalSinceNow
        let rate = Double(done) / max(elapsed, 0.001)
        let line: String
        if self.total > 0 {
            let eta = self.total > done ? Double(self.total - done) / rate : 0
            line = String(
                format: "\r\u{1B}[K%@ %llu/%llu events  %.0f events/s  ETA %.0f s", self.label,
                done,
                self.total, rate, eta)
        } else {
            line = String(
                format: "\r\u{1B}[K%@ %llu %@  %.0f %@/s", self.label, done, unit, rate, unit)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

import Foundation

/// A progress line with rate and ETA on standard error, only when it is a terminal.
struct Progress {
    let label: String
    let total: UInt64
    let start = Date()
    let enabled = isatty(2) == 1

    func update(_ done: UInt64) {
        guard enabled, done > 0 else { return }
        let elapsed = -start.timeIntervalSinceNow
        let rate = Double(done) / max(elapsed, 0.001)
        let eta = total > done ? Double(total - done) / rate : 0
        let line = String(
            format: "\r%@ %llu/%llu  %.0f/s  ETA %.0fs ", label, done, total, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

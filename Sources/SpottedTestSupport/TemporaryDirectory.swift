import Foundation

/// A fresh directory path under the system temporary directory, removed by `cleanup()`.
public struct TemporaryDirectory: Sendable {
    /// The directory's path (not created: a ledger creates it on open).
    public let path: String

    /// A unique path whose last component starts with `spotted-<name>-`.
    public init(_ name: String = "test") {
        path = NSTemporaryDirectory() + "spotted-\(name)-\(UUID().uuidString)"
    }

    /// Removes the directory and everything in it.
    public func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// The built products directory (where the test runner and the tool executables live).
public var productsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

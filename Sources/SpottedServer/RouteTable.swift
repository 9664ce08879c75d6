import Foundation
import Hummingbird

/// The API's routes (path templates and their methods), read from the router once every route is
/// added, so a request for a known path with another method is answered 405 with `Allow`.
final class RouteTable: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var routes: [(segments: [Substring], method: String)] = []

    /// Records the routes of `router` (call after the last route is added).
    func record(_ router: Router<BasicRequestContext>) {
        let all = router.routes.map {
            ($0.path.description.split(separator: "/"), $0.method.rawValue)
        }
        lock.withLock { routes = all }
    }

    /// The methods routed for `path`, sorted; empty when no template matches it.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let table = lock.withLock { routes }
        let matching = table.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in
                    template.hasPrefix("{") || template == segment
                }
        }
        return Set(matching.map(\.method)).sorted()
    }
}

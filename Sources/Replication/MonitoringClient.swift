import Foundation
import SpottedLedger

#if canImport(Glibc)
    import Glibc
#endif

/// A node's own view of JetStream over its monitoring port (`/jsz`): what *this* node has stored,
/// which the stream leader's info does not tell (a replica can fall behind while reported
/// current, reference jetstream.md 6.6). A plain HTTP/1.0 GET over a socket: FoundationNetworking
/// is not linked here, and the monitoring port speaks plain HTTP.
public struct MonitoringClient: Sendable {
    /// The monitoring address, `host:port` (IPv4 or a name that resolves to one).
    public var address: String
    /// How long connecting and reading may take, in milliseconds.
    public var timeoutMilliseconds: Int

    /// A client for the monitoring port at `address` (`127.0.0.1:8222`).
    public init(address: String, timeoutMilliseconds: Int = 2000) {
        self.address = address
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The last sequence this node has stored for `stream` (nil when it holds no copy of it).
    public func lastSequence(stream: String) throws(ReplicationError) -> UInt64? {
        let body = try get("/jsz?accounts=true&streams=true")
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)),
            let document = object as? [String: Any]
        else { throw .failed(code: nil, description: "\(address)/jsz: not a JSON object") }
        for account in document["account_details"] as? [[String: Any]] ?? [] {
            for detail in account["stream_detail"] as? [[String: Any]] ?? []
            where detail["name"] as? String == stream {
                let state = detail["state"] as? [String: Any] ?? [:]
                return JetStreamAPI.unsigned(state["last_seq"])
            }
        }
        return nil
    }

    /// The body of `GET path` when the status is 200.
    public func get(_ path: String) throws(ReplicationError) -> [UInt8] {
        let response = try exchange("GET \(path) HTTP/1.0\r\nHost: \(address)\r\n\r\n")
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let split = response.firstRange(of: separator) else {
            throw .failed(
                code: nil, description: "\(address)\(path): no HTTP header in the response")
        }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[1] == "200" else {
            throw .failed(
                code: parts.count >= 2 ? Int(parts[1]) : nil,
                description: "\(address)\(path): \(statusLine)")
        }
        return Array(response[split.upperBound...])
    }

    /// Sends `request` and reads until the server closes the connection.
    func exchange(_ request: String) throws(ReplicationError) -> [UInt8] {
        let descriptor = try connect()
        defer { close(descriptor) }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw .unavailable("\(address): send failed (errno \(errno))") }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if n == 0 { return response }
            guard n > 0 else { throw .unavailable("\(address): read failed (errno \(errno))") }
            response.append(contentsOf: buffer[0..<n])
        }
    }

    /// A TCP socket connected to ``address``, with send and receive timeouts set.
    func connect() throws(ReplicationError) -> Int32 {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw .failed(
                code: nil, description: "monitoring address \"\(address)\": use host:port")
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        let host = parts[0] == "localhost" ? "127.0.0.1" : String(parts[0])
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            throw .failed(
                code: nil,
                description: "monitoring address \"\(address)\": host must be an IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .unavailable("socket() failed (errno \(errno))") }
        var timeout = timeval(
            tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(
            descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(
            descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw .unavailable("\(address): connect failed (errno \(errno))")
        }
        return descriptor
    }
}

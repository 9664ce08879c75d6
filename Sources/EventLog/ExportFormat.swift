import Ethereum

#if canImport(Glibc)
    import Glibc
#endif

/// The line-oriented JSON export: one object per entry, fields always in this order, bytes as
/// `0x` hex, then one `end` line with the entry count and head hash (so a truncated file is caught).
///
///     {"sequence":1,"chainId":1,"blockNumber":1,"timestamp":0,"sender":"0x…","kind":"genesis",
///      "kindCode":0,"schemaVersion":1,"payload":"0x…","previousHash":"0x…","hash":"0x…"}
///     {"end":true,"entries":1,"headHash":"0x…"}
public enum ExportFormat {
    static let entryFields = [
        "sequence", "chainId", "blockNumber", "timestamp", "sender", "kind", "kindCode",
        "schemaVersion", "payload", "previousHash", "hash",
    ]
    static let endFields = ["end", "entries", "headHash"]
    /// Longest line the parser accepts (a maximal payload in hex, plus the fixed fields).
    public static let maxLineBytes = 2 * Envelope.maxPayloadBytes + 1_024

    /// The export line of `envelope`; `kindName` names its kind (default `kind-<code>`).
    public static func line(_ e: Envelope, kindName: String) -> String {
        "{\"sequence\":\(e.sequence),\"chainId\":\(e.record.chainId),\"blockNumber\":\(e.record.blockNumber),"
            + "\"timestamp\":\(e.record.timestamp),\"sender\":\"\(e.record.sender.lowercased)\",\"kind\":\"\(kindName)\","
            + "\"kindCode\":\(e.record.kind),\"schemaVersion\":\(e.record.schemaVersion),\"payload\":\"\(Hex.encode(e.record.payload))\","
            + "\"previousHash\":\"\(e.previousHash)\",\"hash\":\"\(e.hash)\"}"
    }

    /// The export's last line: the entry count and head hash that a complete export ends with.
    public static func endLine(entries: UInt64, headHash: Word) -> String {
        "{\"end\":true,\"entries\":\(entries),\"headHash\":\"\(headHash)\"}"
    }

    /// A parsed line: an entry (with the hash the file claims) or the end marker.
    public enum Line: Equatable, Sendable {
        /// An entry line: the envelope (with its claimed hash) and its kind name.
        case entry(Envelope, kindName: String)
        /// The end line: the entry count and head hash the export claims.
        case end(entries: UInt64, headHash: Word)
    }

    /// Parses one line strictly: exactly the documented fields in the documented order, no
    /// whitespace, unsigned decimal numbers, hex strings. Never traps.
    public static func parse(_ text: Substring) throws(ExportFormat.ParseError) -> Line {
        guard text.utf8.count <= maxLineBytes else {
            throw .init("line longer than \(maxLineBytes) bytes")
        }
        var scanner = Scanner(bytes: Array(text.utf8))
        let fields = try scanner.object()
        if fields.first?.0 == "end" {
            guard fields.map(\.0) == endFields, fields[0].1 == .literal("true") else {
                throw .init("end line must be {\"end\":true,\"entries\":N,\"headHash\":\"0x…\"}")
            }
            return .end(
                entries: try number(fields[1].1, "entries"),
                headHash: try word(fields[2].1, "headHash"))
        }
        guard fields.map(\.0) == entryFields else {
            throw .init(
                "fields must be \(entryFields.joined(separator: ",")) in this order, got \(fields.map(\.0).joined(separator: ","))"
            )
        }
        let v = fields.map(\.1)
        guard case .string(let sender) = v[4], let senderAddress = try? Address(sender) else {
            throw .init("sender is not an address")
        }
        guard case .string(let kindName) = v[5] else { throw .init("kind is not a string") }
        let kind = try number(v[6], "kindCode")
        let schema = try number(v[7], "schemaVersion")
        guard kind <= UInt64(UInt16.max), schema <= UInt64(UInt16.max) else {
            throw .init("kindCode or schemaVersion exceeds 65535")
        }
        guard case .string(let payloadHex) = v[8], let payload = try? Hex.decode(payloadHex),
            payloadHex.hasPrefix("0x")
        else {
            throw .init("payload is not 0x hex")
        }
        guard payload.count <= Envelope.maxPayloadBytes else {
            throw .init("payload exceeds \(Envelope.maxPayloadBytes) bytes")
        }
        let record = EventRecord(
            chainId: try number(v[1], "chainId"), blockNumber: try number(v[2], "blockNumber"),
            timestamp: try number(v[3], "timestamp"), sender: senderAddress,
            kind: UInt16(kind), schemaVersion: UInt16(schema), payload: payload)
        return .entry(
            Envelope(
                sequence: try number(v[0], "sequence"), record: record,
                previousHash: try word(v[9], "previousHash"), hash: try word(v[10], "hash")),
            kindName: kindName)
    }

    /// Why a line of an export was refused, in words.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// What is wrong with the line.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    enum Value: Equatable {
        case string(String)
        case number(UInt64)
        case literal(String)
    }

    static func number(_ v: Value, _ field: String) throws(ParseError) -> UInt64 {
        guard case .number(let n) = v else { throw .init("\(field) is not an unsigned number") }
        return n
    }

    static func word(_ v: Value, _ field: String) throws(ParseError) -> Word {
        guard case .string(let s) = v, s.hasPrefix("0x"), let w = try? Word(hex: s) else {
            throw .init("\(field) is not 32 bytes of 0x hex")
        }
        return w
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0

        mutating func expect(_ c: UInt8) throws(ParseError) {
            guard i < bytes.count, bytes[i] == c else {
                throw .init("expected '\(Character(UnicodeScalar(c)))' at column \(i + 1)")
            }
            i += 1
        }

        mutating func object() throws(ParseError) -> [(String, Value)] {
            try expect(UInt8(ascii: "{"))
            var fields = [(String, Value)]()
            while true {
                guard fields.count < 16 else { throw .init("too many fields") }
                let key = try string()
                try expect(UInt8(ascii: ":"))
                fields.append((key, try value()))
                guard i < bytes.count else {
                    throw .init("line ends inside the object (truncated?)")
                }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                guard i == bytes.count else {
                    throw .init("text after the object at column \(i + 1)")
                }
                return fields
            }
        }

        /// A string of printable ASCII without escapes (all the format ever writes).
        mutating func string() throws(ParseError) -> String {
            try expect(UInt8(ascii: "\""))
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                guard bytes[i] >= 0x20, bytes[i] < 0x7f, bytes[i] != UInt8(ascii: "\\") else {
                    throw .init("unsupported character in string at column \(i + 1)")
                }
                i += 1
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            try expect(UInt8(ascii: "\""))
            return text
        }

        mutating func value() throws(ParseError) -> Value {
            guard i < bytes.count else { throw .init("line ends before a value (truncated?)") }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var n: UInt64 = 0
                let start = i
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9")
                {
                    let (m, o1) = n.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
                    guard !o1, !o2 else {
                        throw .init("number at column \(start + 1) exceeds 2^64 − 1")
                    }
                    n = s
                    i += 1
                }
                guard i - start == 1 || bytes[start] != UInt8(ascii: "0") else {
                    throw .init("leading zero at column \(start + 1)")
                }
                return .number(n)
            case UInt8(ascii: "t"):
                guard bytes[i...].starts(with: Array("true".utf8)) else {
                    throw .init("bad literal at column \(i + 1)")
                }
                i += 4
                return .literal("true")
            default:
                throw .init("unexpected character at column \(i + 1)")
            }
        }
    }
}

extension EventLog {
    /// Streams the whole log as export lines to `emit`, then the end line.
    public func export(
        kindName: (UInt16) -> String? = { _ in nil }, _ emit: (String) throws(EventLogError) -> Void
    ) throws(EventLogError) {
        var count: UInt64 = 0
        var last = Word.zero
        try scan { (e) throws(EventLogError) in
            try emit(
                ExportFormat.line(e, kindName: kindName(e.record.kind) ?? "kind-\(e.record.kind)"))
            count = e.sequence
            last = e.hash
            return true
        }
        try emit(ExportFormat.endLine(entries: count, headHash: last))
    }

    /// Rebuilds this (empty) log from export lines, re-verifying every hash. Stops at the first bad
    /// line with its number; entries before it are kept, nothing after it is appended.
    /// `kindCode` maps a kind name back to its code to cross-check the file (`nil`: unknown name).
    @discardableResult
    public func importLines(
        _ lines: some Sequence<Substring>, kindCode: (String) -> UInt16? = { _ in nil },
        batchSize: Int = 1_000
    ) throws(EventLogError) -> UInt64 {
        guard head.sequence == 0 else {
            throw .importFailed(
                line: 0, reason: "import needs an empty log; this one has \(head.sequence) entries")
        }
        var pending = [EventRecord]()
        var previous = Word.zero
        var expected: UInt64 = 1
        var lineNumber = 0
        var ended = false
        func flush() throws(EventLogError) {
            if !pending.isEmpty {
                try append(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        func fail(_ reason: String) throws(EventLogError) -> Never {
            try flush()
            throw .importFailed(line: lineNumber, reason: reason)
        }
        for text in lines {
            lineNumber += 1
            if ended { try fail("text after the end line") }
            let parsed: ExportFormat.Line
            do throws(ExportFormat.ParseError) { parsed = try ExportFormat.parse(text) } catch {
                try fail(error.description)
            }
            switch parsed {
            case .end(let entries, let headHash):
                guard entries == expected - 1, headHash == previous else {
                    try fail(
                        "end line says \(entries) entries / head \(headHash), the file holds \(expected - 1) / \(previous)"
                    )
                }
                ended = true
            case .entry(let claimed, let kindName):
                guard claimed.sequence == expected else {
                    try fail("sequence \(claimed.sequence), expected \(expected)")
                }
                guard claimed.previousHash == previous else {
                    try fail("previousHash does not match the hash of sequence \(expected - 1)")
                }
                if let code = kindCode(kindName), code != claimed.record.kind {
                    try fail("kind \(kindName) is code \(code), line says \(claimed.record.kind)")
                }
                let rebuilt = Envelope(
                    sequence: expected, record: claimed.record, previousHash: previous)
                guard rebuilt.hash == claimed.hash else {
                    try fail("hash of sequence \(expected) does not match its content (tampered)")
                }
                pending.append(claimed.record)
                previous = rebuilt.hash
                expected += 1
                if pending.count >= batchSize { try flush() }
            }
        }
        lineNumber += 1
        if !ended { try fail("no end line: the export is truncated") }
        try flush()
        return expected - 1
    }

    /// Writes the export to `path`.
    public func exportFile(_ path: String, kindName: (UInt16) -> String? = { _ in nil })
        throws(EventLogError)
    {
        guard let file = fopen(path, "w") else { throw FileSystem.failure(.open, path) }
        defer { fclose(file) }
        try export(kindName: kindName) { (line) throws(EventLogError) in
            guard fputs(line + "\n", file) >= 0 else { throw FileSystem.failure(.write, path) }
        }
        guard fflush(file) == 0 else { throw FileSystem.failure(.flush, path) }
    }

    /// Imports the export file at `path` (see ``importLines(_:kindCode:batchSize:)``).
    @discardableResult
    public func importFile(_ path: String, kindCode: (String) -> UInt16? = { _ in nil })
        throws(EventLogError) -> UInt64
    {
        guard let file = fopen(path, "r") else { throw FileSystem.failure(.open, path) }
        defer { fclose(file) }
        return try importLines(LineReader(file: file), kindCode: kindCode)
    }
}

/// Lines of a C file, without their newline; a final line without a newline is still a line.
struct LineReader: Sequence, IteratorProtocol {
    let file: UnsafeMutablePointer<FILE>
    mutating func next() -> Substring? {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        var text = String(cString: buffer)
        if text.hasSuffix("\n") { text.removeLast() }
        return text[...]
    }
}

import Ethereum
import EventLog
import SpottedProtocol

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Why an import refused its input: the line, the field at fault and the cause.
public struct ImportLineError: Error, Equatable, CustomStringConvertible {
    /// The 1-based line of the input (the line after the last one for a missing end line).
    public var line: Int
    /// The JSON field at fault, or nil when the whole line is.
    public var field: String?
    /// What is wrong, in words.
    public var reason: String
    /// The engine's refusal when the line's event was refused on submission (rule and sequence).
    public var refusal: EngineError?

    /// A refusal of `line` (and `field`) for `reason`.
    public init(line: Int, field: String? = nil, reason: String, refusal: EngineError? = nil) {
        self.line = line
        self.field = field
        self.reason = reason
        self.refusal = refusal
    }

    /// `line N, field F: reason`.
    public var description: String {
        "line \(line)" + (field.map { ", field \($0)" } ?? "") + ": \(reason)"
    }
}

/// One export line as JSON (docs/event-log-format.md): an entry's fields, or the end line's.
struct ExportLineJSON: Decodable {
    var sequence, chainId, blockNumber, timestamp, entries: UInt64?
    var kindCode, schemaVersion: UInt16?
    var sender, kind, payload, previousHash, hash, headHash: String?
    var end: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sequence, chainId, blockNumber, timestamp, entries, kindCode, schemaVersion
        case sender, kind, payload, previousHash, hash, headHash, end
    }

    /// Any key, so that unknown fields can be named.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys
        where CodingKeys(rawValue: key.stringValue) == nil {
            throw ImportLineError(line: 0, field: key.stringValue, reason: "unknown field")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Each field on its own, so that a value out of range names its field (the decoder's
        // own error for -1 or 2^64 as UInt64 names none).
        func value<T: Decodable>(_ key: CodingKeys, _ expected: String) throws(ImportLineError)
            -> T?
        {
            do { return try c.decodeIfPresent(T.self, forKey: key) } catch {
                throw ImportLineError(line: 0, field: key.rawValue, reason: "expected \(expected)")
            }
        }
        let u64 = "an unsigned integer of at most \(UInt64.max)"
        let u16 = "an unsigned integer of at most \(UInt16.max)"
        (sequence, chainId) = (try value(.sequence, u64), try value(.chainId, u64))
        (blockNumber, timestamp) = (try value(.blockNumber, u64), try value(.timestamp, u64))
        entries = try value(.entries, u64)
        (kindCode, schemaVersion) = (try value(.kindCode, u16), try value(.schemaVersion, u16))
        (sender, kind) = (try value(.sender, "a string"), try value(.kind, "a string"))
        payload = try value(.payload, "a string")
        previousHash = try value(.previousHash, "a string")
        (hash, headHash) = (try value(.hash, "a string"), try value(.headHash, "a string"))
        end = try value(.end, "true")
    }

    /// Decodes one line (without its line break) with Foundation's `JSONDecoder`.
    static func decode(_ bytes: Data, using decoder: JSONDecoder) throws(ImportLineError)
        -> ExportLineJSON
    {
        do { return try decoder.decode(ExportLineJSON.self, from: bytes) } catch let e
            as ImportLineError
        {
            throw e
        } catch let e as DecodingError {
            throw Self.refusal(e)
        } catch {
            throw ImportLineError(line: 0, reason: "not a JSON object: \(error)")
        }
    }

    /// The decoding error as a refusal naming the field.
    static func refusal(_ error: DecodingError) -> ImportLineError {
        func field(_ path: [CodingKey]) -> String? { path.last?.stringValue }
        switch error {
        case .typeMismatch(let type, let c):
            let want =
                type == String.self
                ? "a string" : type == Bool.self ? "true" : "an unsigned integer (\(type))"
            return .init(line: 0, field: field(c.codingPath), reason: "expected \(want)")
        case .valueNotFound(_, let c):
            return .init(line: 0, field: field(c.codingPath), reason: "is null")
        case .keyNotFound(let key, _):
            return .init(line: 0, field: key.stringValue, reason: "missing")
        case .dataCorrupted(let c) where !c.codingPath.isEmpty:
            return .init(line: 0, field: field(c.codingPath), reason: c.debugDescription)
        case .dataCorrupted(let c):
            let cause = c.underlyingError.map { "\($0)" } ?? c.debugDescription
            return .init(line: 0, reason: "not a JSON object: \(cause)")
        @unknown default:
            return .init(line: 0, reason: "not a JSON object: \(error)")
        }
    }

    /// The required value of `key`, or a refusal naming it.
    static func required<T>(_ value: T?, _ key: CodingKeys) throws(ImportLineError) -> T {
        guard let value else {
            throw ImportLineError(line: 0, field: key.rawValue, reason: "missing or null")
        }
        return value
    }

    /// The 32-byte `0x` hex word of `key`.
    static func word(_ text: String?, _ key: CodingKeys) throws(ImportLineError) -> Word {
        let text = try required(text, key)
        guard text.hasPrefix("0x"), text.utf8.count == 66, let w = try? Word(hex: text) else {
            throw ImportLineError(line: 0, field: key.rawValue, reason: "not 32 bytes of 0x hex")
        }
        return w
    }
}

/// Lines of a C stream as bytes, without their line break (`\n` or `\r\n`); a last line without a
/// line break is still a line.
struct ByteLineReader {
    let file: UnsafeMutablePointer<FILE>
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0

    init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    /// The next line, or nil at the end of the stream (or on a read error, see `failed`).
    mutating func next() -> Data? {
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        var count = n
        if count > 0, buffer[count - 1] == 0x0A { count -= 1 }
        if count > 0, buffer[count - 1] == 0x0D { count -= 1 }
        return Data(bytes: buffer, count: count)
    }

    /// Whether the stream stopped on a read error rather than its end.
    var failed: Bool { ferror(file) != 0 }

    /// Frees the line buffer.
    mutating func release() {
        free(buffer)
        buffer = nil
    }
}

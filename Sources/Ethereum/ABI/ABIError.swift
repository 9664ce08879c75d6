/// Why ABI data or values were refused. Decoding never traps: every malformed input is one of these.
public enum ABIError: Error, Equatable, CustomStringConvertible {
    /// A value does not match its declared type (`path` locates it, e.g. `0.2`).
    case typeMismatch(expected: String, path: String)
    /// A number does not fit its `uintN`/`intN`, or a `bytesN`/`T[k]` has the wrong length.
    case valueOutOfRange(type: String, path: String)
    /// The data ends before a word or a byte string it must contain.
    case truncated(offset: Int, needed: Int, available: Int)
    /// An offset or length word points outside the data or cannot be a size.
    case offsetOutOfRange(offset: Int, value: String)
    /// Non-zero bits where the type requires zero padding (address, uintN, bool, bytesN, bytes).
    case dirtyBits(type: String, offset: Int)
    /// A string is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// Decoding would do more work than the data can honestly describe (overlapping offsets).
    case tooComplex(limit: Int)
    /// A type string could not be parsed, or the type is not encodable this way.
    case invalidType(String)

    /// The failure in words.
    public var description: String {
        switch self {
        case .typeMismatch(let expected, let path): "abi: value at \(path) is not a \(expected)"
        case .valueOutOfRange(let type, let path): "abi: value at \(path) out of range for \(type)"
        case .truncated(let offset, let needed, let available):
            "abi: data truncated at byte \(offset) (needs \(needed), has \(available))"
        case .offsetOutOfRange(let offset, let value):
            "abi: offset/length word at byte \(offset) out of range (\(value))"
        case .dirtyBits(let type, let offset):
            "abi: dirty padding bits for \(type) at byte \(offset)"
        case .invalidUTF8(let offset): "abi: string at byte \(offset) is not valid UTF-8"
        case .tooComplex(let limit):
            "abi: decoding exceeds the work limit (\(limit) units) for this input size"
        case .invalidType(let why): "abi: invalid type: \(why)"
        }
    }
}

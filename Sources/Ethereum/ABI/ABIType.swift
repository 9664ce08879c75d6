/// A Solidity ABI type: what the encoder writes and the strict decoder expects.
public indirect enum ABIType: Hashable, Sendable, CustomStringConvertible {
    case uint(Int)            // uintN, N ∈ 8…256, multiple of 8
    case int(Int)             // intN, two's complement
    case address
    case bool
    case fixedBytes(Int)      // bytesN, N ∈ 1…32, right-padded
    case bytes
    case string
    case array(ABIType)       // T[]
    case fixedArray(ABIType, Int)  // T[k], k ≥ 1
    case tuple([ABIType])     // (T1,…,Tn), n ≥ 1

    /// Solidity's `uint256`.
    public static let uint256 = ABIType.uint(256)
    /// Solidity's `bytes32`.
    public static let bytes32 = ABIType.fixedBytes(32)

    /// Dynamic types are referenced by an offset in the head and encoded in the tail.
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: true
        case .fixedArray(let element, _): element.isDynamic
        case .tuple(let members): members.contains { $0.isDynamic }
        default: false
        }
    }

    /// Bytes this type takes in a head: 32 for a dynamic type, its full size for a static one.
    public var headSize: Int {
        switch self {
        case _ where isDynamic: 32
        case .fixedArray(let element, let count): element.headSize * count
        case .tuple(let members): members.reduce(0) { $0 + $1.headSize }
        default: 32
        }
    }

    /// The canonical type string, as used in function signatures.
    public var description: String {
        switch self {
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let n): "bytes\(n)"
        case .bytes: "bytes"
        case .string: "string"
        case .array(let element): "\(element)[]"
        case .fixedArray(let element, let count): "\(element)[\(count)]"
        case .tuple(let members): "(" + members.map(\.description).joined(separator: ",") + ")"
        }
    }
}

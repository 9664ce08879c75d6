/// A Solidity ABI type: what the encoder writes and the strict decoder expects.
public indirect enum ABIType: Hashable, Sendable, CustomStringConvertible {
    /// Solidity `uintN`; the payload is the bit width N.
    case uint(Int)  // uintN, N ∈ 8…256, multiple of 8
    /// Solidity `intN`; the payload is the bit width N.
    case int(Int)  // intN, two's complement
    /// Solidity `address` (20 bytes).
    case address
    /// Solidity `bool`.
    case bool
    /// Solidity `bytesN`; the payload is the length N in bytes.
    case fixedBytes(Int)  // bytesN, N ∈ 1…32, right-padded
    /// Solidity dynamic `bytes`.
    case bytes
    /// Solidity `string` (UTF-8).
    case string
    /// A dynamic array `T[]` of the element type.
    case array(ABIType)  // T[]
    /// A fixed-length array `T[k]`: the element type and the length k.
    case fixedArray(ABIType, Int)  // T[k], k ≥ 1
    /// A tuple of the component types, in order.
    case tuple([ABIType])  // (T1,…,Tn), n ≥ 1

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

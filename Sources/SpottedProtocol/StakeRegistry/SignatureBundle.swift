import Ethereum

/// The `signatureData` of ERC-1271 `isValidSignature` on the stake registries:
/// `abi.encode(address[] operators, bytes[] signatures, uint32 referenceEpoch)`.
public struct SignatureBundle: Hashable, Sendable {
    /// The signers, strictly ascending.
    public var operators: [Address]
    /// One 65-byte signature per operator, in the same order.
    public var signatures: [[UInt8]]
    /// The epoch whose keys and weights the signatures are checked against.
    public var referenceEpoch: UInt32

    /// The ABI types of `signatureData`: `(address[], bytes[], uint32)`.
    public static let abiTypes: [ABIType] = [.array(.address), .array(.bytes), .uint(32)]

    /// Creates a bundle as given (not sorted).
    public init(operators: [Address], signatures: [[UInt8]], referenceEpoch: UInt32) {
        self.operators = operators
        self.signatures = signatures
        self.referenceEpoch = referenceEpoch
    }

    /// A bundle sorted by operator address, as the registries require.
    public init(sorting pairs: [(operator: Address, signature: [UInt8])], referenceEpoch: UInt32) {
        let sorted = pairs.sorted { $0.operator < $1.operator }
        self.init(
            operators: sorted.map(\.operator), signatures: sorted.map(\.signature),
            referenceEpoch: referenceEpoch)
    }

    /// The ABI encoding passed as `signatureData`.
    public func encoded() -> [UInt8] {
        let values: [ABIValue] = [
            .array(operators.map { .address($0) }), .array(signatures.map { .bytes($0) }),
            .uint(UInt256(UInt64(referenceEpoch))),
        ]
        // Every value matches its type by construction.
        guard let bytes = try? ABI.encode(values, as: Self.abiTypes) else {
            preconditionFailure("bundle types are fixed")
        }
        return bytes
    }

    /// Strictly decodes `signatureData` (what `abi.decode` would accept).
    public init(decoding data: [UInt8]) throws(ABIError) {
        let values = try ABI.decode(data, as: Self.abiTypes)
        guard values.count == 3, let ops = values[0].items, let sigs = values[1].items,
            let epoch = values[2].uint?.uint64
        else { throw .typeMismatch(expected: "(address[],bytes[],uint32)", path: "root") }
        operators = ops.compactMap(\.address)
        signatures = sigs.compactMap(\.bytesValue)
        referenceEpoch = UInt32(truncatingIfNeeded: epoch)  // decode checked it fits uint32
    }
}

/// Why raw transaction bytes were refused; each case names the field or rule.
public enum TransactionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// The RLP is malformed or a field is not canonical.
    case rlp(RLPError)
    /// A typed envelope other than the supported ones (0x02); the payload is the type byte.
    case unsupportedType(UInt8)
    /// A legacy transaction signed without EIP-155 (v = 27/28): it names no chain and could be
    /// replayed on any, so it is refused.
    case missingChainId
    /// A legacy `v` that is neither 27/28 nor `chainId * 2 + 35/36`; the payload is its decimal text.
    case invalidV(String)
    /// An EIP-1559 `yParity` other than 0 or 1.
    case invalidYParity(UInt64)
    /// The chain id does not fit in 64 bits.
    case chainIdTooLarge
    /// The signature's `field` (`r` or `s`) is zero or not below the curve order.
    case signatureValueOutOfRange(field: String)
    /// s > n/2: refused since Homestead (EIP-2), as OpenZeppelin's `tryRecover` does.
    case highS
    /// No public key recovers from the signature and signing hash.
    case unrecoverableSigner
    /// The transaction is for another chain (replay protection).
    case wrongChainId(expected: UInt64, actual: UInt64)
    /// The access list is not a list of `[address, [storageKey…]]` entries.
    case malformedAccessList(index: Int)

    /// The failure in words.
    public var description: String {
        switch self {
        case .empty: "transaction: no bytes"
        case .rlp(let error): "transaction: \(error)"
        case .unsupportedType(let type):
            "transaction: type 0x\(String(type, radix: 16)) is not supported (legacy and 0x02 are)"
        case .missingChainId:
            "transaction: v = 27/28 has no chain id (pre-EIP-155); sign with a chain id"
        case .invalidV(let v): "transaction: v = \(v) is neither 27/28 nor chainId*2+35/36"
        case .invalidYParity(let y): "transaction: yParity = \(y), expected 0 or 1"
        case .chainIdTooLarge: "transaction: chainId does not fit in 64 bits"
        case .signatureValueOutOfRange(let field):
            "transaction: signature \(field) is zero or not below the curve order"
        case .highS: "transaction: signature s > n/2 (EIP-2 forbids high s)"
        case .unrecoverableSigner: "transaction: no signer recovers from the signature"
        case .wrongChainId(let expected, let actual):
            "transaction: chainId \(actual) is not this network's \(expected)"
        case .malformedAccessList(let index):
            "transaction: accessList entry \(index) is not [address, [bytes32…]]"
        }
    }
}

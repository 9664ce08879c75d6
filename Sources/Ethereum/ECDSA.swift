/// Ethereum ECDSA recovery with OpenZeppelin `ECDSA.tryRecover` semantics.
///
/// A signature is 65 bytes r‖s‖v. In order: length ≠ 65 → ``ECDSAError/invalidSignatureLength(_:)``;
/// s > n/2 → ``ECDSAError/invalidSignatureS``; v ∉ {27, 28} → ``ECDSAError/invalidSignatureV(_:)``;
/// r or s out of range, or no point → ``ECDSAError/invalidSignature``. The 64-byte EIP-2098 form is
/// refused, as OpenZeppelin does from v4.7.3 on (malleability fix).
public enum ECDSA {
    /// n, the order of the secp256k1 group.
    public static let curveOrder = Word(
        l0: 0xffff_ffff_ffff_ffff, l1: 0xffff_ffff_ffff_fffe,
        l2: 0xbaae_dce6_af48_a03b, l3: 0xbfd2_5e8c_d036_4141)

    /// n/2 of secp256k1, the largest accepted s.
    public static let halfOrder = Word(
        l0: 0x7fff_ffff_ffff_ffff, l1: 0xffff_ffff_ffff_ffff,
        l2: 0x5d57_6e73_57a4_501d, l3: 0xdfe9_2f46_681b_20a0)

    /// The address whose key signed `digest`, or the precise reason the signature is refused.
    public static func recover(digest: Word, signature: UnsafeRawBufferPointer) throws(ECDSAError)
        -> Address
    {
        let (x, y) = try recoverPoint(digest: digest, signature: signature)
        return PublicKey(x: x, y: y).address
    }

    /// The address whose key signed `digest`.
    public static func recover(digest: Word, signature: [UInt8]) throws(ECDSAError) -> Address {
        try signature.withUnsafeBytes { raw in
            Result { () throws(ECDSAError) in try recover(digest: digest, signature: raw) }
        }.get()
    }

    /// The public key whose private key signed `digest`.
    public static func recoverPublicKey(digest: Word, signature: [UInt8]) throws(ECDSAError)
        -> PublicKey
    {
        let (x, y) = try signature.withUnsafeBytes { raw in
            Result { () throws(ECDSAError) in try recoverPoint(digest: digest, signature: raw) }
        }.get()
        return PublicKey(x: x, y: y)
    }

    static func recoverPoint(digest: Word, signature: UnsafeRawBufferPointer) throws(ECDSAError)
        -> (Word, Word)
    {
        guard signature.count == 65 else { throw .invalidSignatureLength(signature.count) }
        let s = Word(loading: signature, at: 32)
        guard s <= halfOrder else { throw .invalidSignatureS }
        let v = signature[64]
        guard v == 27 || v == 28 else { throw .invalidSignatureV(v) }
        let rs = UnsafeRawBufferPointer(rebasing: signature[0..<64])
        guard let point = Secp256k1.recover(digest: digest, rs: rs, recid: Int32(v - 27)) else {
            throw .invalidSignature
        }
        return point
    }
}

/// Why a signature was refused; the cases are OpenZeppelin's `RecoverError`.
public enum ECDSAError: Error, Equatable, CustomStringConvertible {
    /// The signature is not 65 bytes; the payload is its length in bytes.
    case invalidSignatureLength(Int)
    /// The signature's `s` is in the upper half of the curve order (s > n/2).
    case invalidSignatureS
    /// The signature's `v` is neither 27 nor 28; the payload is the `v` given.
    case invalidSignatureV(UInt8)
    /// No public key recovers from the signature and digest.
    case invalidSignature

    /// OpenZeppelin's error name.
    public var name: String {
        switch self {
        case .invalidSignatureLength: "InvalidSignatureLength"
        case .invalidSignatureS: "InvalidSignatureS"
        case .invalidSignatureV: "InvalidSignatureV"
        case .invalidSignature: "InvalidSignature"
        }
    }

    /// The failure in words, with the figures involved.
    public var description: String {
        switch self {
        case .invalidSignatureLength(let n):
            "ECDSA: invalid signature length (\(n) bytes, expected 65)"
        case .invalidSignatureS: "ECDSA: invalid signature 's' value (s > n/2)"
        case .invalidSignatureV(let v):
            "ECDSA: invalid signature 'v' value (\(v), expected 27 or 28)"
        case .invalidSignature: "ECDSA: invalid signature"
        }
    }
}

/// A secp256k1 private key (1 ≤ d < n).
public struct PrivateKey: Sendable, Hashable {
    /// The secret scalar d, 1 ≤ d < n.
    public let secret: Word

    /// Why key material was refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The secret is 0 or not below the secp256k1 order n.
        case outOfRange
        /// The key's hex text is malformed.
        case invalidHex(Hex.Error)
        /// The bytes are not a valid uncompressed (`0x04`, 65-byte) secp256k1 point.
        case invalidPublicKey

        /// The failure in words.
        public var description: String {
            switch self {
            case .outOfRange: "private key: must be in [1, n−1] of secp256k1"
            case .invalidHex(let e): "private key: \(e)"
            case .invalidPublicKey: "public key: not a valid uncompressed secp256k1 point encoding"
            }
        }
    }

    /// The key with secret `secret`; throws when it is not in [1, n−1].
    public init(_ secret: Word) throws(PrivateKey.Error) {
        guard Secp256k1.isValidSecret(secret) else { throw .outOfRange }
        self.secret = secret
    }

    /// A key from 32 bytes of hex (`0x` optional).
    public init(hex: some StringProtocol) throws(PrivateKey.Error) {
        let word: Word
        do { word = try Word(hex: hex) } catch { throw .invalidHex(error) }
        try self.init(word)
    }

    /// The public key d·G.
    public var publicKey: PublicKey {
        // A validated secret always has a public key.
        guard let (x, y) = Secp256k1.publicKey(secret: secret) else {
            preconditionFailure("valid secret without public key")
        }
        return PublicKey(x: x, y: y)
    }

    /// The Ethereum address of the public key.
    public var address: Address { publicKey.address }

    /// Signs a 32-byte digest as it is (no prefix): RFC 6979, low s, v = 27/28 — byte-identical to
    /// ethers, web3.js and go-ethereum (after its v + 27).
    public func sign(digest: Word) -> Signature {
        guard let (r, s, recid) = Secp256k1.sign(digest: digest, secret: secret) else {
            preconditionFailure("signing with a validated key failed")
        }
        return Signature(r: r, s: s, v: UInt8(27 + recid))
    }
}

/// An uncompressed secp256k1 public key (X, Y).
public struct PublicKey: Sendable, Hashable {
    /// The point's coordinates, as 32-byte big-endian words.
    public let x: Word, y: Word

    /// The point (x, y), unchecked.
    public init(x: Word, y: Word) {
        self.x = x
        self.y = y
    }

    /// Parses the 65-byte `04 ‖ X ‖ Y` form.
    public init(uncompressed bytes: [UInt8]) throws(PrivateKey.Error) {
        guard bytes.count == 65, bytes[0] == 0x04 else { throw .invalidPublicKey }
        (x, y) = bytes.withUnsafeBytes { (Word(loading: $0, at: 1), Word(loading: $0, at: 33)) }
    }

    /// `04 ‖ X ‖ Y`.
    public var uncompressed: [UInt8] {
        var out: [UInt8] = [0x04]
        x.append(to: &out)
        y.append(to: &out)
        return out
    }

    /// The last 20 bytes of keccak256(X ‖ Y).
    public var address: Address {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            x.store(into: buffer, at: 0)
            y.store(into: buffer, at: 32)
            return Address(lowBytesOf: Keccak256.hash(UnsafeRawBufferPointer(buffer)))
        }
    }
}

/// A 65-byte Ethereum signature r‖s‖v.
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    /// The ECDSA r and s values and the recovery byte v (27 or 28).
    public var r: Word, s: Word, v: UInt8

    /// A signature from its parts, unchecked.
    public init(r: Word, s: Word, v: UInt8) {
        self.r = r
        self.s = s
        self.v = v
    }

    /// Splits 65 bytes into r, s, v; only the length is checked here (``ECDSA`` checks the rest).
    public init(bytes: [UInt8]) throws(ECDSAError) {
        guard bytes.count == 65 else { throw .invalidSignatureLength(bytes.count) }
        (r, s) = bytes.withUnsafeBytes { (Word(loading: $0, at: 0), Word(loading: $0, at: 32)) }
        v = bytes[64]
    }

    /// r ‖ s ‖ v.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(65)
        r.append(to: &out)
        s.append(to: &out)
        out.append(v)
        return out
    }

    /// The 65 bytes r‖s‖v as `0x` hex.
    public var description: String { Hex.encode(bytes) }
}

/// A secp256k1 private key (1 ≤ d < n).
public struct PrivateKey: Sendable, Hashable {
    public let secret: Word

    /// Why key material was refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case outOfRange
        case invalidHex(Hex.Error)
        case invalidPublicKey

        public var description: String {
            switch self {
            case .outOfRange: "private key: must be in [1, n−1] of secp256k1"
            case .invalidHex(let e): "private key: \(e)"
            case .invalidPublicKey: "public key: not a valid uncompressed secp256k1 point encoding"
            }
        }
    }

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

    public var publicKey: PublicKey {
        // A validated secret always has a public key.
        guard let (x, y) = Secp256k1.publicKey(secret: secret) else { preconditionFailure("valid secret without public key") }
        return PublicKey(x: x, y: y)
    }

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
    public let x: Word, y: Word

    public init(x: Word, y: Word) { self.x = x; self.y = y }

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
    public var r: Word, s: Word, v: UInt8

    public init(r: Word, s: Word, v: UInt8) { self.r = r; self.s = s; self.v = v }

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

    public var description: String { Hex.encode(bytes) }
}

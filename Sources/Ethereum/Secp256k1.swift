import CSecp256k1

/// The one wrapper over Debian's libsecp256k1: a shared context and the four calls we need.
///
/// Inputs are validated before every call; an illegal-argument callback that returns (instead of
/// the library's default `abort()`) is installed as a second line of defence.
enum Secp256k1 {
    /// Owns the context; created once, randomized, never freed (lives for the process).
    final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init() {
            guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
                preconditionFailure("secp256k1_context_create failed")
            }
            secp256k1_context_set_illegal_callback(ctx, { _, _ in }, nil)
            var seed = [UInt8](repeating: 0, count: 32)
            var rng = SystemRandomNumberGenerator()
            for i in seed.indices { seed[i] = rng.next() }
            _ = secp256k1_context_randomize(ctx, seed)
            pointer = ctx
        }
    }

    static let shared = Context()

    /// Whether `secret` is a valid private key (1 ≤ d < n).
    static func isValidSecret(_ secret: Word) -> Bool {
        withBytes(of: secret) { secp256k1_ec_seckey_verify(shared.pointer, $0) == 1 }
    }

    /// The uncompressed public key point (X, Y) of a valid secret.
    static func publicKey(secret: Word) -> (x: Word, y: Word)? {
        var pubkey = secp256k1_pubkey()
        let ok = withBytes(of: secret) {
            secp256k1_ec_pubkey_create(shared.pointer, &pubkey, $0) == 1
        }
        return ok ? serialize(&pubkey) : nil
    }

    /// RFC 6979 recoverable signature (always low-s) and its recovery id (0 or 1).
    static func sign(digest: Word, secret: Word) -> (r: Word, s: Word, recid: Int32)? {
        var sig = secp256k1_ecdsa_recoverable_signature()
        let signed = withBytes(of: digest) { d in
            withBytes(of: secret) { k in
                secp256k1_ecdsa_sign_recoverable(shared.pointer, &sig, d, k, nil, nil) == 1
            }
        }
        guard signed else { return nil }
        var recid: Int32 = 0
        return withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { out in
            let base = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(
                shared.pointer, base, &recid, &sig)
            let raw = UnsafeRawBufferPointer(out)
            return (Word(loading: raw, at: 0), Word(loading: raw, at: 32), recid)
        }
    }

    /// Recovers the public key from r‖s (64 bytes at `rs`) and a recovery id, which the caller
    /// has already checked is 0 or 1. `nil` when r or s is out of range or recovery fails.
    static func recover(digest: Word, rs: UnsafeRawBufferPointer, recid: Int32) -> (
        x: Word, y: Word
    )? {
        precondition(rs.count == 64 && (recid == 0 || recid == 1), "validated by the caller")
        var sig = secp256k1_ecdsa_recoverable_signature()
        let parsed = secp256k1_ecdsa_recoverable_signature_parse_compact(
            shared.pointer, &sig, rs.baseAddress!.assumingMemoryBound(to: UInt8.self), recid)
        guard parsed == 1 else { return nil }
        var pubkey = secp256k1_pubkey()
        let recovered = withBytes(of: digest) {
            secp256k1_ecdsa_recover(shared.pointer, &pubkey, &sig, $0) == 1
        }
        return recovered ? serialize(&pubkey) : nil
    }

    private static func serialize(_ pubkey: inout secp256k1_pubkey) -> (x: Word, y: Word) {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { out in
            var length = 65
            _ = secp256k1_ec_pubkey_serialize(
                shared.pointer, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length,
                &pubkey,
                UInt32(SECP256K1_EC_UNCOMPRESSED))
            let raw = UnsafeRawBufferPointer(out)
            return (Word(loading: raw, at: 1), Word(loading: raw, at: 33))
        }
    }

    /// Calls `body` with the 32 big-endian bytes of `word` on the stack.
    @inline(__always)
    private static func withBytes<R>(of word: Word, _ body: (UnsafePointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            word.store(into: buffer)
            return body(UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)))
        }
    }
}

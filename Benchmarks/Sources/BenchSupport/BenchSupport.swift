// What every benchmark executable needs: a monotonic clock, a failure exit, its options, and the
// raw libsecp256k1 baseline the signature figures are ratios against.
import CSecp256k1
import Ethereum
import Foundation

/// Monotonic nanoseconds.
public func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Prints `message` on standard error after the executable's name and exits with 1.
public func fail(_ message: String) -> Never {
    let name = CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent } ?? "bench"
    FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
    exit(1)
}

/// The value after `--name` on the command line, if any.
public func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    return arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

/// Nanoseconds raw libsecp256k1 takes to recover every signature over `digest` `rounds` times,
/// each with the uncompressed key serialized and hashed into an address as `ECDSA.recover` does.
public func rawCRecoveryNanoseconds(_ signatures: [[UInt8]], digest: Word, rounds: Int = 1) -> UInt64 {
    guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { fail("context") }
    defer { secp256k1_context_destroy(ctx) }
    let digestBytes = digest.bytes
    var output = [UInt8](repeating: 0, count: 65)
    var checksum: UInt64 = 0
    let t0 = now()
    for _ in 0..<rounds {
        for sig in signatures {
            var recoverable = secp256k1_ecdsa_recoverable_signature()
            var pubkey = secp256k1_pubkey()
            var length = 65
            guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &recoverable, sig, Int32(sig[64]) - 27) == 1,
                  secp256k1_ecdsa_recover(ctx, &pubkey, &recoverable, digestBytes) == 1 else { fail("raw recovery failed") }
            secp256k1_ec_pubkey_serialize(ctx, &output, &length, &pubkey, UInt32(SECP256K1_EC_UNCOMPRESSED))
            checksum &+= Keccak256.hash(Array(output[1...])).l3
        }
    }
    let elapsed = now() - t0
    if checksum == 42 { print("") }  // keep the work observable
    return elapsed
}

/// Raw libsecp256k1 recoveries per second on one core: 64 keys' signatures of one digest,
/// recovered round after round, `count` in all (rounded down to whole rounds).
public func rawCRecoveryRate(count: Int) -> Double {
    let digest = Keccak256.hash("bench/raw-recovery/digest")
    let signatures: [[UInt8]] = (0..<64).compactMap { i in
        (try? PrivateKey(Keccak256.hash("bench/raw-recovery/key/\(i)")))?.sign(digest: digest).bytes
    }
    let rounds = max(1, count / signatures.count)
    let ns = rawCRecoveryNanoseconds(signatures, digest: digest, rounds: rounds)
    return Double(rounds * signatures.count) / (Double(ns) / 1e9)
}

/// Raw libsecp256k1 signatures (recoverable, RFC 6979 nonces) per second on one core, over
/// `count` distinct digests: the floor of a signer's work.
public func rawCSignRate(count: Int) -> Double {
    guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { fail("context") }
    defer { secp256k1_context_destroy(ctx) }
    let secret = Keccak256.hash("bench/raw-sign/key").bytes
    let digests = (0..<count).map { Keccak256.hash("bench/raw-sign/\($0)").bytes }
    var checksum: UInt64 = 0
    let t0 = now()
    for digest in digests {
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(ctx, &signature, digest, secret, nil, nil) == 1 else { fail("raw signing failed") }
        checksum &+= UInt64(signature.data.0)
    }
    let elapsed = now() - t0
    if checksum == 42 { print("") }  // keep the work observable
    return Double(count) / (Double(elapsed) / 1e9)
}

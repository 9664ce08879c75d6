// Swift side of tools/bench-crypto: Keccak-256 of 200 bytes, recover-to-address and sign with the
// Ethereum module. Prints "keccak <ops/s>", "recover <ops/s>", "sign <ops/s>" like the C program.
import Ethereum
import Foundation

let arguments = CommandLine.arguments
let hashes = arguments.count > 1 ? Int(arguments[1]) ?? 2_000_000 : 2_000_000
let signatures = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000

func seconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var input = [UInt8](0..<200)
var sink: UInt64 = 0
var t0 = seconds()
input.withUnsafeMutableBytes { buffer in
    for i in 0..<hashes {
        buffer[0] = UInt8(truncatingIfNeeded: i)
        sink &+= Keccak256.hash(UnsafeRawBufferPointer(buffer)).l3
    }
}
let keccakRate = Double(hashes) / (seconds() - t0)

guard let key = try? PrivateKey(Keccak256.hash("bench key")) else { exit(1) }
var messages = [Word](), signed = [[UInt8]]()
for i in 0..<64 {
    input[0] = UInt8(i)
    let digest = Keccak256.hash(input)
    messages.append(digest)
    signed.append(key.sign(digest: digest).bytes)
}

t0 = seconds()
for i in 0..<signatures {
    guard let address = try? ECDSA.recover(digest: messages[i & 63], signature: signed[i & 63]) else { exit(1) }
    sink &+= address.lo
}
let recoverRate = Double(signatures) / (seconds() - t0)

t0 = seconds()
for i in 0..<signatures {
    sink &+= UInt64(key.sign(digest: messages[i & 63]).v)
}
let signRate = Double(signatures) / (seconds() - t0)

print("keccak \(Int(keccakRate))\nrecover \(Int(recoverRate))\nsign \(Int(signRate))\nchecksum \(sink)")

import Ethereum
import Testing

/// Random items round-trip; random and mutated bytes never trap (they decode or are refused).
@Suite struct RLPPropertyTests {
    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func bytes(_ count: Int) -> [UInt8] {
            (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
    }

    static func item(_ g: inout Generator, depth: Int) -> RLPItem {
        if depth > 3 || g.below(3) > 0 {
            let sizes = [0, 1, 1, 2, 55, 56, 57, 300]
            return .bytes(g.bytes(sizes[g.below(sizes.count)]))
        }
        return .list((0..<g.below(5)).map { _ in item(&g, depth: depth + 1) })
    }

    @Test func itemsRoundTrip() throws {
        var g = Generator(state: 0x5EED)
        for _ in 0..<2_000 {
            let item = Self.item(&g, depth: 0)
            #expect(try RLP.decode(RLP.encode(item)) == item)
        }
    }

    @Test func mutatedTransactionsNeverTrap() throws {
        var g = Generator(state: 0xFACE)
        let key = try PrivateKey(Keccak256.hash("rlp/property"))
        var decoded = 0
        for i in 0..<2_000 {
            let kind: SignedTransaction.Kind = i % 2 == 0 ? .legacy : .dynamicFee
            var raw = TransactionRequest(
                kind: kind, chainId: UInt64(g.below(100_000)), nonce: UInt64(g.below(1000)),
                to: nil,
                data: g.bytes(g.below(80))
            ).signed(with: key).raw
            switch g.below(4) {
            case 0: raw[g.below(raw.count)] ^= UInt8(1 << g.below(8))
            case 1: raw.removeLast(g.below(raw.count))
            case 2: raw.append(contentsOf: g.bytes(g.below(3) + 1))
            default: raw = g.bytes(g.below(120))
            }
            if let tx = try? SignedTransaction(raw: raw) {
                decoded += 1
                _ = try? tx.sender()
            }
        }
        #expect(decoded > 0)  // some single-bit flips (in data, gas…) still decode
    }
}

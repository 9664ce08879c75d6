import Ethereum
import Testing

@Suite struct UInt256Tests {
    static let maxDecimal =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    @Test func decimalAndHexRoundTrip() throws {
        #expect(UInt256.max.description == Self.maxDecimal)
        #expect(UInt256(Self.maxDecimal) == .max)
        #expect(UInt256("0x" + String(repeating: "f", count: 64)) == .max)
        #expect(UInt256("0")?.isZero == true)
        #expect(UInt256("1000000000000000000")?.description == "1000000000000000000")
        #expect(
            UInt256("10000000000000000000000000000000000000")?.description
                == "10000000000000000000000000000000000000")
        #expect(
            UInt256(
                "115792089237316195423570985008687907853269984665640564039457584007913129639936")
                == nil)  // 2^256
        #expect(UInt256("0x1" + String(repeating: "0", count: 64)) == nil)
        #expect(UInt256("12a") == nil)
        #expect(UInt256("") == nil)
    }

    @Test("Solidity 0.8 semantics: overflow, underflow and division by zero are errors")
    func checkedArithmetic() throws {
        #expect(throws: ArithmeticError.overflow) { try UInt256.max.adding(1) }
        #expect(throws: ArithmeticError.underflow) { try UInt256.zero.subtracting(1) }
        #expect(throws: ArithmeticError.overflow) {
            try UInt256(l0: 1, l1: 0, l2: 0, l3: 0).multiplied(
                by: UInt256(l0: 0, l1: 0, l2: 1, l3: 0))
        }  // 2^192 · 2^64
        #expect(throws: ArithmeticError.divisionByZero) { try UInt256(5).divided(by: .zero) }
        #expect(
            try UInt256(l0: 1, l1: 0, l2: 0, l3: 0).multiplied(
                by: UInt256(l0: 0, l1: 0, l2: 0, l3: 1 << 63))
                == UInt256(l0: 1 << 63, l1: 0, l2: 0, l3: 0))
        #expect(try UInt256.max.subtracting(.max) == .zero)
        #expect(
            try UInt256(l0: 0, l1: 0, l2: 1, l3: 0).multiplied(
                by: UInt256(l0: 0, l1: 0, l2: 1, l3: 0)) == UInt256(l0: 0, l1: 1, l2: 0, l3: 0))
    }

    @Test("division by small and large divisors agrees with multiplication")
    func division() throws {
        let wad = UInt256(1_000_000_000_000_000_000)
        let a = UInt256.max
        for divisor in [
            UInt256(1), UInt256(7), UInt256(10_000), wad, try wad.multiplied(by: wad),
            UInt256(l0: 0, l1: 3, l2: 5, l3: 9), UInt256.max,
        ] {
            guard let (q, r) = a.quotientAndRemainder(dividingBy: divisor) else {
                Issue.record("division failed")
                continue
            }
            #expect(r < divisor)
            #expect(try q.multiplied(by: divisor).adding(r) == a)
        }
        #expect(try UInt256(100).divided(by: 7) == 14)
        #expect(try UInt256(100).remainder(dividingBy: 7) == 2)
    }

    @Test func bitWidthAndRanges() {
        #expect(UInt256.zero.bitWidth == 0)
        #expect(UInt256(255).fits(bits: 8))
        #expect(!UInt256(256).fits(bits: 8))
        #expect(UInt256.max.bitWidth == 256)
        #expect(UInt256(l0: 0, l1: 1, l2: 0, l3: 0).bitWidth == 129)
    }
}

@Suite struct MulDivTests {
    @Test("mulDiv keeps 512 bits of precision and rounds as asked")
    func mulDiv() throws {
        let wad = UInt256(1_000_000_000_000_000_000)
        #expect(try UInt256.mulDiv(7, 3, 2) == 10)
        #expect(try UInt256.mulDiv(7, 3, 2, roundUp: true) == 11)
        #expect(try UInt256.mulDiv(6, 3, 2, roundUp: true) == 9)
        // (2^256 − 1)·(2^256 − 1) / (2^256 − 1) = 2^256 − 1: the product alone overflows 256 bits.
        #expect(try UInt256.mulDiv(.max, .max, .max) == .max)
        #expect(try UInt256.mulDiv(.max, wad, wad) == .max)
        #expect(throws: ArithmeticError.overflow) { try UInt256.mulDiv(.max, 2, 1) }
        #expect(throws: ArithmeticError.divisionByZero) { try UInt256.mulDiv(1, 1, 0) }
        // Against the 256-bit path where it does not overflow.
        for (a, b, d) in [
            (UInt256(123_456_789), wad, UInt256(987)), (UInt256(10), UInt256(0), UInt256(3)),
        ] {
            #expect(try UInt256.mulDiv(a, b, d) == a.multiplied(by: b).divided(by: d))
        }
    }
}

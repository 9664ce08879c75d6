/// A 256-bit unsigned integer with Solidity `uint256` semantics: overflow, underflow and division
/// by zero are reported (``ArithmeticError``), never wrapped silently.
///
/// Same limb layout as ``Word`` (`l0` most significant), so ABI encoding is a copy.
public struct UInt256: Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The four 64-bit limbs, most significant (`l0`) first.
    public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    /// The value with the given limbs, most significant first.
    public init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    /// The value of `value`.
    public init(_ value: UInt64) { self.init(l0: 0, l1: 0, l2: 0, l3: value) }
    /// The value of an integer literal.
    public init(integerLiteral value: UInt64) { self.init(value) }
    /// The word read as a big-endian number.
    public init(_ word: Word) { self.init(l0: word.l0, l1: word.l1, l2: word.l2, l3: word.l3) }

    /// The value 0.
    public static let zero = UInt256(0)
    /// The value 1.
    public static let one = UInt256(1)
    /// The value 2^256 − 1.
    public static let max = UInt256(l0: .max, l1: .max, l2: .max, l3: .max)

    /// The value as a big-endian ABI word.
    public var word: Word { Word(l0: l0, l1: l1, l2: l2, l3: l3) }

    /// Whether the value is 0.
    public var isZero: Bool { l0 | l1 | l2 | l3 == 0 }

    /// The value as `UInt64` when it fits.
    public var uint64: UInt64? { l0 | l1 | l2 == 0 ? l3 : nil }

    /// Number of significant bits (0 for zero).
    public var bitWidth: Int {
        if l0 != 0 { return 256 - l0.leadingZeroBitCount }
        if l1 != 0 { return 192 - l1.leadingZeroBitCount }
        if l2 != 0 { return 128 - l2.leadingZeroBitCount }
        return 64 - l3.leadingZeroBitCount
    }

    /// Whether the value fits in `bits` bits (a `uintN` range check).
    public func fits(bits: Int) -> Bool { bitWidth <= bits }

    /// Numeric order.
    public static func < (a: UInt256, b: UInt256) -> Bool {
        (a.l0, a.l1, a.l2, a.l3) < (b.l0, b.l1, b.l2, b.l3)
    }

    /// Little-endian limbs, for the arithmetic loops.
    @inline(__always)
    var limbs: InlineArray<4, UInt64> {
        get { [l3, l2, l1, l0] }
        set {
            l3 = newValue[0]
            l2 = newValue[1]
            l1 = newValue[2]
            l0 = newValue[3]
        }
    }

    @inline(__always)
    init(limbs: InlineArray<4, UInt64>) {
        self.init(l0: limbs[3], l1: limbs[2], l2: limbs[1], l3: limbs[0])
    }
}

/// Why a `uint256` operation was refused.
public enum ArithmeticError: Error, Equatable, CustomStringConvertible {
    /// The result exceeds 2^256 − 1.
    case overflow
    /// The result would be below zero.
    case underflow
    /// The divisor is zero.
    case divisionByZero

    /// The value in decimal.
    public var description: String {
        switch self {
        case .overflow: "arithmetic overflow (uint256)"
        case .underflow: "arithmetic underflow (uint256)"
        case .divisionByZero: "division by zero"
        }
    }
}

extension UInt256 {
    /// The sum modulo 2^256, and whether it wrapped.
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool)
    {
        let (r3, c3) = l3.addingReportingOverflow(other.l3)
        let (s2, c2a) = l2.addingReportingOverflow(other.l2)
        let (r2, c2b) = s2.addingReportingOverflow(c3 ? 1 : 0)
        let (s1, c1a) = l1.addingReportingOverflow(other.l1)
        let (r1, c1b) = s1.addingReportingOverflow(c2a || c2b ? 1 : 0)
        let (s0, c0a) = l0.addingReportingOverflow(other.l0)
        let (r0, c0b) = s0.addingReportingOverflow(c1a || c1b ? 1 : 0)
        return (UInt256(l0: r0, l1: r1, l2: r2, l3: r3), c0a || c0b)
    }

    /// The difference modulo 2^256, and whether it wrapped (went below 0).
    public func subtractingReportingOverflow(_ other: UInt256) -> (
        partialValue: UInt256, overflow: Bool
    ) {
        let (r3, b3) = l3.subtractingReportingOverflow(other.l3)
        let (s2, b2a) = l2.subtractingReportingOverflow(other.l2)
        let (r2, b2b) = s2.subtractingReportingOverflow(b3 ? 1 : 0)
        let (s1, b1a) = l1.subtractingReportingOverflow(other.l1)
        let (r1, b1b) = s1.subtractingReportingOverflow(b2a || b2b ? 1 : 0)
        let (s0, b0a) = l0.subtractingReportingOverflow(other.l0)
        let (r0, b0b) = s0.subtractingReportingOverflow(b1a || b1b ? 1 : 0)
        return (UInt256(l0: r0, l1: r1, l2: r2, l3: r3), b0a || b0b)
    }

    /// The full 512-bit product, little-endian limbs.
    func multipliedFullWidth(_ other: UInt256) -> InlineArray<8, UInt64> {
        var out = InlineArray<8, UInt64>(repeating: 0)
        let a = limbs
        let b = other.limbs
        for i in 0..<4 where a[i] != 0 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (hi, lo) = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = out[i + j].addingReportingOverflow(lo)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)  // cannot overflow: hi ≤ 2^64 − 2
            }
            out[i + 4] = carry
        }
        return out
    }

    /// The product modulo 2^256, and whether it overflowed.
    public func multipliedReportingOverflow(by other: UInt256) -> (
        partialValue: UInt256, overflow: Bool
    ) {
        let p = multipliedFullWidth(other)
        let overflow = p[4] | p[5] | p[6] | p[7] != 0
        return (UInt256(l0: p[3], l1: p[2], l2: p[1], l3: p[0]), overflow)
    }

    /// Quotient and remainder; `nil` when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (
        quotient: UInt256, remainder: UInt256
    )? {
        if divisor.isZero { return nil }
        if self < divisor { return (.zero, self) }
        if let small = divisor.uint64 {
            var q = InlineArray<4, UInt64>(repeating: 0)
            var rem: UInt64 = 0
            let n = limbs
            for i in stride(from: 3, through: 0, by: -1) {
                let (qi, ri) = small.dividingFullWidth((rem, n[i]))
                q[i] = qi
                rem = ri
            }
            return (UInt256(limbs: q), UInt256(rem))
        }
        // Shift-subtract long division; the divisor is ≥ 2^64, so at most 192 quotient bits.
        var quotient = UInt256.zero
        var remainder = UInt256.zero
        for bit in stride(from: bitWidth - 1, through: 0, by: -1) {
            remainder = remainder.shiftedLeftOne(orWith: self.bit(bit))
            if remainder >= divisor {
                remainder = remainder.subtractingReportingOverflow(divisor).partialValue
                quotient.setBit(bit)
            }
        }
        return (quotient, remainder)
    }

    func bit(_ index: Int) -> Bool {
        let limb = limbs[index / 64]
        return (limb >> UInt64(index % 64)) & 1 == 1
    }

    mutating func setBit(_ index: Int) {
        var l = limbs
        l[index / 64] |= 1 << UInt64(index % 64)
        limbs = l
    }

    func shiftedLeftOne(orWith low: Bool) -> UInt256 {
        UInt256(
            l0: l0 << 1 | l1 >> 63, l1: l1 << 1 | l2 >> 63, l2: l2 << 1 | l3 >> 63,
            l3: l3 << 1 | (low ? 1 : 0))
    }

    // MARK: Checked operations (Solidity 0.8 semantics)

    /// The sum; throws on overflow, as Solidity does.
    public func adding(_ other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (v, o) = addingReportingOverflow(other)
        if o { throw .overflow }
        return v
    }

    /// The difference; throws on underflow, as Solidity does.
    public func subtracting(_ other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (v, o) = subtractingReportingOverflow(other)
        if o { throw .underflow }
        return v
    }

    /// The product; throws on overflow, as Solidity does.
    public func multiplied(by other: UInt256) throws(ArithmeticError) -> UInt256 {
        let (v, o) = multipliedReportingOverflow(by: other)
        if o { throw .overflow }
        return v
    }

    /// The quotient rounded down; throws on division by zero.
    public func divided(by other: UInt256) throws(ArithmeticError) -> UInt256 {
        guard let (q, _) = quotientAndRemainder(dividingBy: other) else { throw .divisionByZero }
        return q
    }

    /// The remainder; throws on division by zero.
    public func remainder(dividingBy other: UInt256) throws(ArithmeticError) -> UInt256 {
        guard let (_, r) = quotientAndRemainder(dividingBy: other) else { throw .divisionByZero }
        return r
    }
}

extension UInt256 {
    /// Decimal text.
    public var description: String {
        if isZero { return "0" }
        var digits = [UInt8]()
        var value = self
        let chunk: UInt64 = 10_000_000_000_000_000_000  // 10^19
        while !value.isZero {
            guard let (q, r) = value.quotientAndRemainder(dividingBy: UInt256(chunk)) else { break }
            var part = r.l3
            for _ in 0..<19 {
                digits.append(UInt8(ascii: "0") + UInt8(part % 10))
                part /= 10
                if q.isZero && part == 0 { break }
            }
            value = q
        }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// Parses decimal digits, or hex with a `0x` prefix. `nil` when malformed or above 2^256 − 1.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return nil }
        var value = UInt256.zero
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            for c in utf8[2...] {
                guard let n = Hex.nibble(c), value.l0 >> 60 == 0 else { return nil }
                value = UInt256(
                    l0: value.l0 << 4 | value.l1 >> 60, l1: value.l1 << 4 | value.l2 >> 60,
                    l2: value.l2 << 4 | value.l3 >> 60, l3: value.l3 << 4 | UInt64(n))
            }
        } else {
            for c in utf8 {
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                guard let times10 = try? value.multiplied(by: 10),
                    let next = try? times10.adding(UInt256(UInt64(c - UInt8(ascii: "0"))))
                else { return nil }
                value = next
            }
        }
        self = value
    }
}

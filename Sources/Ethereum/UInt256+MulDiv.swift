extension UInt256 {
    /// ⌊a·b / d⌋ (or ⌈a·b / d⌉ with `roundUp`) with a 512-bit intermediate, as OpenZeppelin's
    /// `Math.mulDiv`: it fails only when the result does not fit 256 bits or `d` is zero.
    public static func mulDiv(_ a: UInt256, _ b: UInt256, _ d: UInt256, roundUp: Bool = false)
        throws(ArithmeticError) -> UInt256
    {
        guard !d.isZero else { throw .divisionByZero }
        let product = a.multipliedFullWidth(b)  // little-endian 8 limbs
        // Shift-subtract long division of the 512-bit product by d (remainder stays below d < 2^256).
        var remainder = UInt256.zero
        var quotient = InlineArray<8, UInt64>(repeating: 0)
        var started = false
        for bit in stride(from: 511, through: 0, by: -1) {
            let set = (product[bit / 64] >> UInt64(bit % 64)) & 1 == 1
            if !started && !set { continue }
            started = true
            let carry = remainder.l0 >> 63 == 1
            remainder = remainder.shiftedLeftOne(orWith: set)
            if carry || remainder >= d {
                remainder = remainder.subtractingReportingOverflow(d).partialValue
                quotient[bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        guard quotient[4] | quotient[5] | quotient[6] | quotient[7] == 0 else { throw .overflow }
        var result = UInt256(l0: quotient[3], l1: quotient[2], l2: quotient[1], l3: quotient[0])
        if roundUp && !remainder.isZero { result = try result.adding(.one) }
        return result
    }
}

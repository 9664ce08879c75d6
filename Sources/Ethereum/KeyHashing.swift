/// How dictionaries and sets hash addresses and words. Both are Keccak outputs in practice (keys,
/// ids, guids), so their bits are already uniform: a keyed 64-bit mix of the folded value spreads
/// them over the buckets at a fraction of SipHash's cost, and dictionary lookups by these keys are
/// on every event's path (tasks, responses, operators). The mix is keyed by the seed each
/// dictionary passes (per process and per table), so bucket collisions cannot be aimed without it;
/// `hash(into:)` still feeds every field to `Hasher` where a value is hashed as part of another.
@inline(__always)
func mixedHash(_ folded: UInt64, seed: Int) -> Int {
    // SplitMix64's finalizer over the folded value and the seed.
    var x = folded ^ UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15
    x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
    x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(bitPattern: UInt(truncatingIfNeeded: x ^ (x >> 31)))
}

extension Address {
    /// The dictionary hash of the address under `seed` (a keyed 64-bit mix).
    public func _rawHashValue(seed: Int) -> Int {
        mixedHash(lo ^ (mid &* 0xC2B2_AE3D_27D4_EB4F) ^ (UInt64(hi) << 17), seed: seed)
    }
}

extension Word {
    /// The dictionary hash of the word under `seed` (a keyed 64-bit mix).
    public func _rawHashValue(seed: Int) -> Int {
        mixedHash(
            l0 ^ (l1 &* 0xC2B2_AE3D_27D4_EB4F) ^ (l2 &* 0x1656_67B1_9E37_79F9)
                ^ (l3 &* 0x27D4_EB2F_1656_67C5), seed: seed)
    }
}

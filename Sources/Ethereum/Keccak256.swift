/// Keccak-256 as Ethereum uses it: Keccak[c=512] with the original padding byte 0x01
/// (not NIST SHA3-256, whose domain byte is 0x06).
///
/// Streaming (`update` then `finalize`) and one-shot (`Keccak256.hash`). The permutation is fully
/// unrolled over local lanes, and nothing on the hashing path allocates.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation (1088 bits).
    public static let rateBytes = 136

    private var lanes = InlineArray<25, UInt64>(repeating: 0)
    /// Bytes already absorbed into the current block.
    private var offset = 0

    /// An empty hasher.
    public init() {}

    /// Bytes of ``spongeState``: 25 lanes of 8 bytes, then the offset into the current block.
    public static let spongeStateBytes = 25 * 8 + 1

    /// The sponge as bytes (lanes little-endian, then the block offset): a hasher that resumes
    /// where this one stopped is ``init(spongeState:)`` of them (state snapshots store it).
    public var spongeState: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.spongeStateBytes)
        for i in 0..<25 { withUnsafeBytes(of: lanes[i].littleEndian) { out += $0 } }
        out.append(UInt8(offset))
        return out
    }

    /// The hasher whose ``spongeState`` is `bytes`; nil when they are not one (wrong length, or
    /// an offset outside the block).
    public init?(spongeState bytes: [UInt8]) {
        guard bytes.count == Self.spongeStateBytes, Int(bytes[200]) < Self.rateBytes else {
            return nil
        }
        for i in 0..<25 {
            var lane: UInt64 = 0
            for j in 0..<8 { lane |= UInt64(bytes[i * 8 + j]) &<< UInt64(j * 8) }
            lanes[i] = lane
        }
        offset = Int(bytes[200])
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        while index < count {
            let left = count - index
            if offset == 0 && left >= Self.rateBytes {
                // A whole block straight from the input.
                for lane in 0..<17 {
                    lanes[lane] ^= UInt64(
                        littleEndian: bytes.loadUnaligned(
                            fromByteOffset: index + lane * 8, as: UInt64.self))
                }
                Self.permute(&lanes)
                index += Self.rateBytes
            } else if offset & 7 == 0 && left >= 8 {
                // A whole lane.
                lanes[offset >> 3] ^= UInt64(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
                offset += 8
                if offset == Self.rateBytes {
                    Self.permute(&lanes)
                    offset = 0
                }
            } else {
                absorbByte(bytes[index])
                index += 1
            }
        }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Absorbs the UTF-8 bytes of `text`.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Absorbs one 32-byte word.
    public mutating func update(_ word: Word) {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { buffer in
            word.store(into: buffer)
            update(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Pads, permutes and returns the 32-byte digest. The hasher must not be used afterwards.
    public consuming func finalize() -> Word {
        xorByte(0x01, at: offset)
        xorByte(0x80, at: Self.rateBytes - 1)
        Self.permute(&lanes)
        return Word(
            l0: lanes[0].byteSwapped, l1: lanes[1].byteSwapped, l2: lanes[2].byteSwapped,
            l3: lanes[3].byteSwapped)
    }

    /// Keccak-256 of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Word {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Keccak-256 of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> Word {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// Keccak-256 of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> Word {
        var hasher = Keccak256()
        hasher.update(text)
        return hasher.finalize()
    }

    @inline(__always)
    private mutating func absorbByte(_ byte: UInt8) {
        xorByte(byte, at: offset)
        offset += 1
        if offset == Self.rateBytes {
            Self.permute(&lanes)
            offset = 0
        }
    }

    @inline(__always)
    private mutating func xorByte(_ byte: UInt8, at position: Int) {
        lanes[position >> 3] ^= UInt64(byte) &<< UInt64((position & 7) << 3)
    }

    private static let roundConstants: InlineArray<24, UInt64> = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
        (x &<< n) | (x &>> (64 &- n))
    }

    /// Keccak-f[1600]: 24 rounds over the lanes (index x + 5y), each round written out in full.
    private static func permute(_ lanes: inout InlineArray<25, UInt64>) {
        let roundConstants = Self.roundConstants
        var a00 = lanes[0]
        var a01 = lanes[1]
        var a02 = lanes[2]
        var a03 = lanes[3]
        var a04 = lanes[4]
        var a05 = lanes[5]
        var a06 = lanes[6]
        var a07 = lanes[7]
        var a08 = lanes[8]
        var a09 = lanes[9]
        var a10 = lanes[10]
        var a11 = lanes[11]
        var a12 = lanes[12]
        var a13 = lanes[13]
        var a14 = lanes[14]
        var a15 = lanes[15]
        var a16 = lanes[16]
        var a17 = lanes[17]
        var a18 = lanes[18]
        var a19 = lanes[19]
        var a20 = lanes[20]
        var a21 = lanes[21]
        var a22 = lanes[22]
        var a23 = lanes[23]
        var a24 = lanes[24]
        for round in 0..<24 {
            // θ
            let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
            let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
            let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
            let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
            let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)
            // ρ and π
            let b00 = (a00 ^ d0)
            let b01 = rotl(a06 ^ d1, 44)
            let b02 = rotl(a12 ^ d2, 43)
            let b03 = rotl(a18 ^ d3, 21)
            let b04 = rotl(a24 ^ d4, 14)
            let b05 = rotl(a03 ^ d3, 28)
            let b06 = rotl(a09 ^ d4, 20)
            let b07 = rotl(a10 ^ d0, 3)
            let b08 = rotl(a16 ^ d1, 45)
            let b09 = rotl(a22 ^ d2, 61)
            let b10 = rotl(a01 ^ d1, 1)
            let b11 = rotl(a07 ^ d2, 6)
            let b12 = rotl(a13 ^ d3, 25)
            let b13 = rotl(a19 ^ d4, 8)
            let b14 = rotl(a20 ^ d0, 18)
            let b15 = rotl(a04 ^ d4, 27)
            let b16 = rotl(a05 ^ d0, 36)
            let b17 = rotl(a11 ^ d1, 10)
            let b18 = rotl(a17 ^ d2, 15)
            let b19 = rotl(a23 ^ d3, 56)
            let b20 = rotl(a02 ^ d2, 62)
            let b21 = rotl(a08 ^ d3, 55)
            let b22 = rotl(a14 ^ d4, 39)
            let b23 = rotl(a15 ^ d0, 41)
            let b24 = rotl(a21 ^ d1, 2)
            // χ and ι
            a00 = b00 ^ (~b01 & b02)
            a01 = b01 ^ (~b02 & b03)
            a02 = b02 ^ (~b03 & b04)
            a03 = b03 ^ (~b04 & b00)
            a04 = b04 ^ (~b00 & b01)
            a05 = b05 ^ (~b06 & b07)
            a06 = b06 ^ (~b07 & b08)
            a07 = b07 ^ (~b08 & b09)
            a08 = b08 ^ (~b09 & b05)
            a09 = b09 ^ (~b05 & b06)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            a00 ^= roundConstants[round]

        }
        lanes[0] = a00
        lanes[1] = a01
        lanes[2] = a02
        lanes[3] = a03
        lanes[4] = a04
        lanes[5] = a05
        lanes[6] = a06
        lanes[7] = a07
        lanes[8] = a08
        lanes[9] = a09
        lanes[10] = a10
        lanes[11] = a11
        lanes[12] = a12
        lanes[13] = a13
        lanes[14] = a14
        lanes[15] = a15
        lanes[16] = a16
        lanes[17] = a17
        lanes[18] = a18
        lanes[19] = a19
        lanes[20] = a20
        lanes[21] = a21
        lanes[22] = a22
        lanes[23] = a23
        lanes[24] = a24
    }
}

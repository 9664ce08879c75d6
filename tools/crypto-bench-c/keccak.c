/* A plain, portable Keccak-256 (Ethereum padding 0x01), the C baseline for tools/bench-crypto. */
#include <stdint.h>
#include <string.h>
#include "keccak.h"

static const uint64_t round_constants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

static inline uint64_t rotl(uint64_t x, unsigned n) { return (x << n) | (x >> (64 - n)); }

/* Keccak-f[1600] with the lanes in locals and each round written out (lane index x + 5y):
 * the same structure as the Swift implementation, so the comparison is like for like. */
static void keccak_f1600(uint64_t a[25]) {
    uint64_t a00 = a[0];
    uint64_t a01 = a[1];
    uint64_t a02 = a[2];
    uint64_t a03 = a[3];
    uint64_t a04 = a[4];
    uint64_t a05 = a[5];
    uint64_t a06 = a[6];
    uint64_t a07 = a[7];
    uint64_t a08 = a[8];
    uint64_t a09 = a[9];
    uint64_t a10 = a[10];
    uint64_t a11 = a[11];
    uint64_t a12 = a[12];
    uint64_t a13 = a[13];
    uint64_t a14 = a[14];
    uint64_t a15 = a[15];
    uint64_t a16 = a[16];
    uint64_t a17 = a[17];
    uint64_t a18 = a[18];
    uint64_t a19 = a[19];
    uint64_t a20 = a[20];
    uint64_t a21 = a[21];
    uint64_t a22 = a[22];
    uint64_t a23 = a[23];
    uint64_t a24 = a[24];
    for (int round = 0; round < 24; round++) {
        // θ
        const uint64_t c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
        const uint64_t c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
        const uint64_t c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
        const uint64_t c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
        const uint64_t c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
        const uint64_t d0 = c4 ^ rotl(c1, 1);
        const uint64_t d1 = c0 ^ rotl(c2, 1);
        const uint64_t d2 = c1 ^ rotl(c3, 1);
        const uint64_t d3 = c2 ^ rotl(c4, 1);
        const uint64_t d4 = c3 ^ rotl(c0, 1);
        // ρ and π
        const uint64_t b00 = (a00 ^ d0);
        const uint64_t b01 = rotl(a06 ^ d1, 44);
        const uint64_t b02 = rotl(a12 ^ d2, 43);
        const uint64_t b03 = rotl(a18 ^ d3, 21);
        const uint64_t b04 = rotl(a24 ^ d4, 14);
        const uint64_t b05 = rotl(a03 ^ d3, 28);
        const uint64_t b06 = rotl(a09 ^ d4, 20);
        const uint64_t b07 = rotl(a10 ^ d0, 3);
        const uint64_t b08 = rotl(a16 ^ d1, 45);
        const uint64_t b09 = rotl(a22 ^ d2, 61);
        const uint64_t b10 = rotl(a01 ^ d1, 1);
        const uint64_t b11 = rotl(a07 ^ d2, 6);
        const uint64_t b12 = rotl(a13 ^ d3, 25);
        const uint64_t b13 = rotl(a19 ^ d4, 8);
        const uint64_t b14 = rotl(a20 ^ d0, 18);
        const uint64_t b15 = rotl(a04 ^ d4, 27);
        const uint64_t b16 = rotl(a05 ^ d0, 36);
        const uint64_t b17 = rotl(a11 ^ d1, 10);
        const uint64_t b18 = rotl(a17 ^ d2, 15);
        const uint64_t b19 = rotl(a23 ^ d3, 56);
        const uint64_t b20 = rotl(a02 ^ d2, 62);
        const uint64_t b21 = rotl(a08 ^ d3, 55);
        const uint64_t b22 = rotl(a14 ^ d4, 39);
        const uint64_t b23 = rotl(a15 ^ d0, 41);
        const uint64_t b24 = rotl(a21 ^ d1, 2);
        // χ and ι
        a00 = b00 ^ (~b01 & b02);
        a01 = b01 ^ (~b02 & b03);
        a02 = b02 ^ (~b03 & b04);
        a03 = b03 ^ (~b04 & b00);
        a04 = b04 ^ (~b00 & b01);
        a05 = b05 ^ (~b06 & b07);
        a06 = b06 ^ (~b07 & b08);
        a07 = b07 ^ (~b08 & b09);
        a08 = b08 ^ (~b09 & b05);
        a09 = b09 ^ (~b05 & b06);
        a10 = b10 ^ (~b11 & b12);
        a11 = b11 ^ (~b12 & b13);
        a12 = b12 ^ (~b13 & b14);
        a13 = b13 ^ (~b14 & b10);
        a14 = b14 ^ (~b10 & b11);
        a15 = b15 ^ (~b16 & b17);
        a16 = b16 ^ (~b17 & b18);
        a17 = b17 ^ (~b18 & b19);
        a18 = b18 ^ (~b19 & b15);
        a19 = b19 ^ (~b15 & b16);
        a20 = b20 ^ (~b21 & b22);
        a21 = b21 ^ (~b22 & b23);
        a22 = b22 ^ (~b23 & b24);
        a23 = b23 ^ (~b24 & b20);
        a24 = b24 ^ (~b20 & b21);
        a00 ^= round_constants[round];
    }
    a[0] = a00;
    a[1] = a01;
    a[2] = a02;
    a[3] = a03;
    a[4] = a04;
    a[5] = a05;
    a[6] = a06;
    a[7] = a07;
    a[8] = a08;
    a[9] = a09;
    a[10] = a10;
    a[11] = a11;
    a[12] = a12;
    a[13] = a13;
    a[14] = a14;
    a[15] = a15;
    a[16] = a16;
    a[17] = a17;
    a[18] = a18;
    a[19] = a19;
    a[20] = a20;
    a[21] = a21;
    a[22] = a22;
    a[23] = a23;
    a[24] = a24;
}

void keccak256(const uint8_t *in, size_t length, uint8_t out[32]) {
    uint64_t a[25] = {0};
    uint8_t block[136];
    while (length >= 136) {
        for (int i = 0; i < 17; i++) {
            uint64_t lane;
            memcpy(&lane, in + 8 * i, 8); /* little-endian host */
            a[i] ^= lane;
        }
        keccak_f1600(a);
        in += 136;
        length -= 136;
    }
    memset(block, 0, sizeof block);
    memcpy(block, in, length);
    block[length] ^= 0x01;
    block[135] ^= 0x80;
    for (int i = 0; i < 17; i++) {
        uint64_t lane;
        memcpy(&lane, block + 8 * i, 8);
        a[i] ^= lane;
    }
    keccak_f1600(a);
    memcpy(out, a, 32);
}

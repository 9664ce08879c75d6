/* C baseline for tools/bench-crypto: Keccak-256 of 200 bytes, sign and recover-to-address with
 * Debian's libsecp256k1 (context created and randomized as the Swift wrapper does).
 * Prints "keccak <ops/s>", "recover <ops/s>", "sign <ops/s>". */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "keccak.h"

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    int hashes = 2000000, signatures = 20000;
    if (argc > 1) sscanf(argv[1], "%d", &hashes);
    if (argc > 2) sscanf(argv[2], "%d", &signatures);
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char seed[32];
    for (int i = 0; i < 32; i++) seed[i] = (unsigned char)(i * 7 + 1);
    if (!secp256k1_context_randomize(ctx, seed)) return 1;

    uint8_t input[200], digest[32];
    for (int i = 0; i < 200; i++) input[i] = (uint8_t)i;
    double t0 = seconds();
    for (int i = 0; i < hashes; i++) {
        input[0] = (uint8_t)i;
        keccak256(input, sizeof input, digest);
    }
    double keccak_rate = hashes / (seconds() - t0);

    unsigned char key[32];
    keccak256((const uint8_t *)"bench key", 9, key);
    unsigned char sigs[64][65];
    unsigned char msgs[64][32];
    for (int i = 0; i < 64; i++) {
        secp256k1_ecdsa_recoverable_signature sig;
        int recid;
        input[0] = (uint8_t)i;
        keccak256(input, sizeof input, msgs[i]);
        secp256k1_ecdsa_sign_recoverable(ctx, &sig, msgs[i], key, NULL, NULL);
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sigs[i], &recid, &sig);
        sigs[i][64] = (unsigned char)(27 + recid);
    }

    unsigned checksum = 0;
    t0 = seconds();
    for (int i = 0; i < signatures; i++) {
        const unsigned char *s = sigs[i & 63];
        secp256k1_ecdsa_recoverable_signature sig;
        secp256k1_pubkey pubkey;
        unsigned char serialized[65], address_hash[32];
        size_t length = 65;
        if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, s, s[64] - 27)) return 1;
        if (!secp256k1_ecdsa_recover(ctx, &pubkey, &sig, msgs[i & 63])) return 1;
        secp256k1_ec_pubkey_serialize(ctx, serialized, &length, &pubkey, SECP256K1_EC_UNCOMPRESSED);
        keccak256(serialized + 1, 64, address_hash);
        checksum += address_hash[31];
    }
    double recover_rate = signatures / (seconds() - t0);

    t0 = seconds();
    for (int i = 0; i < signatures; i++) {
        secp256k1_ecdsa_recoverable_signature sig;
        unsigned char out[64];
        int recid;
        secp256k1_ecdsa_sign_recoverable(ctx, &sig, msgs[i & 63], key, NULL, NULL);
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out, &recid, &sig);
        checksum += out[0];
    }
    double sign_rate = signatures / (seconds() - t0);

    printf("keccak %.0f\nrecover %.0f\nsign %.0f\nchecksum %u\n", keccak_rate, recover_rate, sign_rate, checksum);
    secp256k1_context_destroy(ctx);
    return 0;
}

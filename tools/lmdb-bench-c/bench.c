/* Raw LMDB baseline for tools/bench-eventlog: the same workloads as the Swift EventLog benchmark —
 * durable appends (MDB_APPEND, 8-byte big-endian keys, one write transaction per batch) of values
 * the size of an event-log entry with a 256-byte payload, then a full cursor scan.
 * With "chain" as a fourth argument every value is also hash-chained as the EventLog does it:
 * keccak256(previous hash ‖ the 317 bytes before the hashes), with tools/crypto-bench-c/keccak.c.
 *   bench <dir> <batch> <events> [chain]   prints "append <events/s>" and "scan <events/s>" */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../crypto-bench-c/keccak.h"

#define CHECK(x) do { int rc_ = (x); if (rc_) { fprintf(stderr, "%s: %s\n", #x, mdb_strerror(rc_)); exit(1); } } while (0)

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) { fprintf(stderr, "usage: bench <dir> <batch> <events> [chain]\n"); return 2; }
    long batch = atol(argv[2]), events = atol(argv[3]);
    int chain = argc == 5 && strcmp(argv[4], "chain") == 0;
    unsigned char hashed[32 + 317], previous[32] = {0};
    const size_t value_size = 125 + 256; /* envelope overhead + payload */
    MDB_env *env;
    MDB_dbi dbi;
    MDB_txn *txn;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_maxdbs(env, 4));
    CHECK(mdb_env_set_mapsize(env, (size_t)8 << 30));
    CHECK(mdb_env_open(env, argv[1], MDB_NOTLS, 0644));
    CHECK(mdb_txn_begin(env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, "log", MDB_CREATE, &dbi));
    CHECK(mdb_txn_commit(txn));

    unsigned char *value = malloc(value_size);
    memset(value, 0x5a, value_size);
    uint64_t sequence = 0;
    double t0 = seconds();
    for (long done = 0; done < events; done += batch) {
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        for (long i = 0; i < batch; i++) {
            sequence++;
            uint64_t be = __builtin_bswap64(sequence);
            value[0] = (unsigned char)sequence;
            if (chain) {
                memcpy(hashed, previous, 32);
                memcpy(hashed + 32, value, 317);
                keccak256(hashed, sizeof hashed, previous);
                memcpy(value + 317, hashed, 32);
                memcpy(value + 349, previous, 32);
            }
            MDB_val k = {8, &be}, v = {value_size, value};
            CHECK(mdb_put(txn, dbi, &k, &v, MDB_APPEND));
        }
        CHECK(mdb_txn_commit(txn));
    }
    double append_rate = sequence / (seconds() - t0);

    MDB_cursor *cursor;
    MDB_val k, v;
    uint64_t sum = 0, count = 0;
    t0 = seconds();
    CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
    CHECK(mdb_cursor_open(txn, dbi, &cursor));
    while (mdb_cursor_get(cursor, &k, &v, MDB_NEXT) == 0) {
        sum += ((unsigned char *)v.mv_data)[0] + ((unsigned char *)v.mv_data)[v.mv_size - 1];
        count++;
    }
    mdb_cursor_close(cursor);
    mdb_txn_abort(txn);
    double scan_rate = count / (seconds() - t0);
    printf("append %.0f\nscan %.0f\nchecksum %llu\n", append_rate, scan_rate, (unsigned long long)sum);
    mdb_env_close(env);
    free(value);
    return 0;
}

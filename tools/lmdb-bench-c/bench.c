/* Raw LMDB baseline for tools/bench-eventlog: the same workloads as the Swift EventLog benchmark —
 * durable appends (MDB_APPEND, 8-byte big-endian keys, one write transaction per batch) of values
 * the size of an event-log entry with a 256-byte payload, then a full cursor scan.
 * With "chain" as a fourth argument every value is also hash-chained as the EventLog does it:
 * keccak256(previous hash ‖ the 317 bytes before the hashes), with tools/crypto-bench-c/keccak.c.
 *   bench <dir> <batch> <events> [chain]   prints "append <events/s>" and "scan <events/s>" */
#include <stdint.h>
#include <time.h>
#include "log.h"

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) { fprintf(stderr, "usage: bench <dir> <batch> <events> [chain]\n"); return 2; }
    long batch = atol(argv[2]), events = atol(argv[3]);
    int chain = argc == 5 && strcmp(argv[4], "chain") == 0;
    unsigned char previous[32] = {0};
    const size_t value_size = LOG_VALUE_BYTES;
    MDB_env *env;
    MDB_dbi dbi;
    MDB_txn *txn;
    open_log(argv[1], &env, &dbi);

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
            if (chain) chain_value(value, previous);
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

/* The event log's shape in raw LMDB, shared by the C baselines (tools/lmdb-bench-c,
 * tools/ingest-bench-c): one "log" database of 8-byte big-endian keys, values the size of an
 * entry with a 256-byte payload, hash-chained as the EventLog does it. */
#ifndef SPOTTED_BENCH_LOG_H
#define SPOTTED_BENCH_LOG_H
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../crypto-bench-c/keccak.h"

#define CHECK(x) do { int rc_ = (x); if (rc_) { fprintf(stderr, "%s: %s\n", #x, mdb_strerror(rc_)); exit(1); } } while (0)

/* An entry's bytes: envelope overhead + a 256-byte payload; the last 64 are its two hashes. */
#define LOG_VALUE_BYTES (125 + 256)
#define LOG_HASHED_BYTES 317

/* Opens (creating) the log database in `dir`, as the EventLog opens its environment. */
static inline void open_log(const char *dir, MDB_env **env, MDB_dbi *dbi) {
    MDB_txn *txn;
    CHECK(mdb_env_create(env));
    CHECK(mdb_env_set_maxdbs(*env, 4));
    CHECK(mdb_env_set_mapsize(*env, (size_t)8 << 30));
    CHECK(mdb_env_open(*env, dir, MDB_NOTLS, 0644));
    CHECK(mdb_txn_begin(*env, NULL, 0, &txn));
    CHECK(mdb_dbi_open(txn, "log", MDB_CREATE, dbi));
    CHECK(mdb_txn_commit(txn));
}

/* Chains `value` after `previous`: its hash is keccak256(previous ‖ the first 317 bytes), written
 * with the previous hash into its last 64 bytes; `previous` becomes its hash. */
static inline void chain_value(unsigned char value[LOG_VALUE_BYTES], unsigned char previous[32]) {
    unsigned char hashed[32 + LOG_HASHED_BYTES];
    memcpy(hashed, previous, 32);
    memcpy(hashed + 32, value, LOG_HASHED_BYTES);
    keccak256(hashed, sizeof hashed, previous);
    memcpy(value + LOG_HASHED_BYTES, hashed, 32);
    memcpy(value + LOG_HASHED_BYTES + 32, previous, 32);
}
#endif

/* A minimal ingestion pipeline in plain C, for ingest-bench (issue 15): what recovery plus durable
 * group commit reaches on this machine when nothing else runs: an upper bound for the Ingestor.
 *
 * S submitters in a closed loop, as ingest-bench drives the Ingestor: each has one action in
 * flight and sends its next only once the last is durable (submitter s sends actions s, s + S, …).
 * W threads recover signatures (libsecp256k1: parse, recover, serialize, Keccak-256 of the key,
 * compared with the signer's address). One writer takes everything recovered since its last write
 * and appends it as one LMDB write transaction — 8-byte big-endian keys, MDB_APPEND, values of an
 * event-log entry's size hash-chained as tools/lmdb-bench-c does it — committed durably (LMDB's
 * fdatasync and synchronous meta page, as the EventLog), then answers the group's submitters.
 * Submitters cost nothing here (a slot each, no thread, no hand-off), so this is an upper bound.
 *
 * The signatures are made up front and not measured: T digests, each signed by K keys.
 *   bench <dir> <submitters> <actions> <recovery threads>
 * prints "ingest <actions/s> groups <count> cpu <cores busy>" */
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "../crypto-bench-c/keccak.h"
#include "../lmdb-bench-c/log.h"

#define KEYS 27

/* One signed action: its digest, compact signature and recovery id, and the signer's address. */
struct action {
    unsigned char digest[32], signature[64], signer[20];
    int recid;
};

static struct action *actions;
static long action_count, submitters;
static int threads;

/* The pipeline's shared state, under one mutex: slots to recover (FIFO ring of submitter
 * numbers), slots recovered and waiting for the writer, and each submitter's current action. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t recover_ready = PTHREAD_COND_INITIALIZER, write_ready = PTHREAD_COND_INITIALIZER;
static long *to_recover, to_recover_head, to_recover_count;
static long *recovered, recovered_count;
static long *current; /* submitter -> its action in flight, or -1 when it has sent everything */
static long outstanding;  /* actions not yet durable */

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* Recovers action a's signer as ECDSA.recover does and checks it. */
static void recover(secp256k1_context *ctx, const struct action *a) {
    secp256k1_ecdsa_recoverable_signature signature;
    secp256k1_pubkey key;
    unsigned char serialized[65], hash[32];
    size_t length = sizeof serialized;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &signature, a->signature, a->recid) ||
        !secp256k1_ecdsa_recover(ctx, &key, &signature, a->digest)) { fprintf(stderr, "recovery failed\n"); exit(1); }
    secp256k1_ec_pubkey_serialize(ctx, serialized, &length, &key, SECP256K1_EC_UNCOMPRESSED);
    keccak256(serialized + 1, 64, hash);
    if (memcmp(hash + 12, a->signer, 20) != 0) { fprintf(stderr, "wrong signer\n"); exit(1); }
}

static void *recovery_thread(void *unused) {
    (void)unused;
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    pthread_mutex_lock(&lock);
    for (;;) {
        while (to_recover_count == 0 && outstanding > 0) pthread_cond_wait(&recover_ready, &lock);
        if (outstanding == 0) break;
        long s = to_recover[to_recover_head];
        to_recover_head = (to_recover_head + 1) % submitters;
        to_recover_count--;
        pthread_mutex_unlock(&lock);
        recover(ctx, &actions[current[s]]);
        pthread_mutex_lock(&lock);
        recovered[recovered_count++] = s;
        pthread_cond_signal(&write_ready);
    }
    pthread_mutex_unlock(&lock);
    secp256k1_context_destroy(ctx);
    return NULL;
}

/* The writer: one durable LMDB transaction per group of everything recovered, then answers. */
static long write_groups(MDB_env *env, MDB_dbi dbi) {
    unsigned char value[LOG_VALUE_BYTES], previous[32] = {0};
    long *group = malloc(sizeof(long) * submitters);
    uint64_t sequence = 0;
    long groups = 0;
    memset(value, 0x5a, sizeof value);
    pthread_mutex_lock(&lock);
    while (outstanding > 0) {
        while (recovered_count == 0) pthread_cond_wait(&write_ready, &lock);
        long size = recovered_count;
        memcpy(group, recovered, sizeof(long) * size);
        recovered_count = 0;
        pthread_mutex_unlock(&lock);
        MDB_txn *txn;
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        for (long i = 0; i < size; i++) {
            const struct action *a = &actions[current[group[i]]];
            uint64_t be = __builtin_bswap64(++sequence);
            memcpy(value, &be, 8);
            memcpy(value + 8, a->signature, 64);
            memcpy(value + 72, a->signer, 20);
            chain_value(value, previous);
            MDB_val k = {8, &be}, v = {sizeof value, value};
            CHECK(mdb_put(txn, dbi, &k, &v, MDB_APPEND));
        }
        CHECK(mdb_txn_commit(txn));
        groups++;
        pthread_mutex_lock(&lock);
        for (long i = 0; i < size; i++) {
            long s = group[i];
            outstanding--;
            current[s] += submitters;
            if (current[s] < action_count) {
                to_recover[(to_recover_head + to_recover_count) % submitters] = s;
                to_recover_count++;
            }
        }
        pthread_cond_broadcast(&recover_ready);
    }
    pthread_mutex_unlock(&lock);
    free(group);
    return groups;
}

/* Signs every action: digest t / KEYS signed by key t % KEYS. */
static void *sign_range(void *arg) {
    long part = (long)arg;
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    for (long i = part; i < action_count; i += threads) {
        struct action *a = &actions[i];
        unsigned char secret[32], label[16], serialized[65], hash[32];
        size_t length = sizeof serialized;
        secp256k1_pubkey key;
        secp256k1_ecdsa_recoverable_signature signature;
        memset(label, 0, sizeof label);
        memcpy(label, &i, sizeof i);
        label[15] = 'd';
        keccak256(label, sizeof label, a->digest);
        long k = i % KEYS + 1;
        memset(label, 0, sizeof label);
        memcpy(label, &k, sizeof k);
        label[15] = 'k';
        keccak256(label, sizeof label, secret);
        if (!secp256k1_ec_pubkey_create(ctx, &key, secret) ||
            !secp256k1_ecdsa_sign_recoverable(ctx, &signature, a->digest, secret, NULL, NULL)) { fprintf(stderr, "signing failed\n"); exit(1); }
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, a->signature, &a->recid, &signature);
        secp256k1_ec_pubkey_serialize(ctx, serialized, &length, &key, SECP256K1_EC_UNCOMPRESSED);
        keccak256(serialized + 1, 64, hash);
        memcpy(a->signer, hash + 12, 20);
    }
    secp256k1_context_destroy(ctx);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: bench <dir> <submitters> <actions> <recovery threads>\n"); return 2; }
    submitters = atol(argv[2]);
    action_count = atol(argv[3]);
    threads = atoi(argv[4]);
    if (submitters < 1 || action_count < submitters || threads < 1 || threads > 256) { fprintf(stderr, "bad arguments\n"); return 2; }
    actions = calloc(action_count, sizeof *actions);
    pthread_t workers[256];
    for (long t = 0; t < threads; t++) pthread_create(&workers[t], NULL, sign_range, (void *)t);
    for (long t = 0; t < threads; t++) pthread_join(workers[t], NULL);

    MDB_env *env;
    MDB_dbi dbi;
    open_log(argv[1], &env, &dbi);

    to_recover = malloc(sizeof(long) * submitters);
    recovered = malloc(sizeof(long) * submitters);
    current = malloc(sizeof(long) * submitters);
    for (long s = 0; s < submitters; s++) { current[s] = s; to_recover[s] = s; }
    to_recover_head = 0;
    to_recover_count = submitters;
    outstanding = action_count;
    double cpu0 = cpu_seconds(), t0 = seconds();
    for (long t = 0; t < threads; t++) pthread_create(&workers[t], NULL, recovery_thread, NULL);
    long groups = write_groups(env, dbi);
    double elapsed = seconds() - t0, busy = (cpu_seconds() - cpu0) / elapsed;
    pthread_mutex_lock(&lock);
    pthread_cond_broadcast(&recover_ready);
    pthread_mutex_unlock(&lock);
    for (long t = 0; t < threads; t++) pthread_join(workers[t], NULL);
    printf("ingest %.0f groups %ld cpu %.2f\n", action_count / elapsed, groups, busy);
    mdb_env_close(env);
    return 0;
}

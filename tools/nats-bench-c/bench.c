// Baseline for replication-bench (issue 17): publishes fixed-size records from a file to a
// JetStream stream as atomic batches with plain libnats, exactly as the Swift JetStreamLog does —
// every message a plain publish carrying Nats-Batch-Id and Nats-Batch-Sequence (and Nats-Msg-Id =
// hex of the record's last 32 bytes, the entry hash, unless "nomsgid"), the first also
// Nats-Expected-Last-Sequence, the last Nats-Batch-Commit: 1 sent as a request whose reply is the
// batch's pub ack. The stream must exist with allow_atomic (the Swift bench creates it).
//
//   nats-bench-c URL[,URL...] SUBJECT FILE RECORD_BYTES BATCH [nomsgid] [lmdb=DIR]
// lmdb=DIR: after each batch's acknowledgement, also append its records to an LMDB environment in
// DIR (key = the stream sequence, big endian; MDB_APPEND; one write transaction per batch,
// committed with LMDB's default fsync) — the replicated commit protocol done minimally in C.
// RECORD_BYTES 0: the file holds variable-size records, each after its length (4 bytes, little
// endian) — real ledger entries (replication-engine-bench). BATCH @PATH: the batch sizes, one per
// line, from PATH (the engine's own group boundaries), instead of one fixed size.
// prints "publish <messages/s> <messages> <seconds>" on success; exits 1 with the error otherwise.
#include <lmdb.h>
#include <nats/nats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(const char *what, natsStatus s) {
  fprintf(stderr, "nats-bench-c: %s: %s\n", what, natsStatus_GetText(s));
  nats_PrintLastErrorStack(stderr);
  exit(1);
}

static void hex(char *out, const unsigned char *bytes, int count) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < count; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * count] = 0;
}

static unsigned char *read_file(const char *path, long *size) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)*size);
  if (!data || fread(data, 1, (size_t)*size, f) != (size_t)*size) { perror(path); exit(1); }
  fclose(f);
  return data;
}

// Publishes one batch of `count` records starting at `records`; returns the stream's new last seq.
static uint64_t publish_batch(natsConnection *nc, const char *subject, unsigned char **records,
                              const int *recordBytes, int count, uint64_t expectedLast, int batchNumber,
                              int withMsgId) {
  char batchId[64], sequence[24], expected[24], msgId[65];
  snprintf(batchId, sizeof batchId, "c%d-%d", (int)getpid(), batchNumber);
  snprintf(expected, sizeof expected, "%llu", (unsigned long long)expectedLast);
  natsMsg *reply = NULL;
  for (int i = 0; i < count; i++) {
    const unsigned char *record = records[i];
    natsMsg *m = NULL;
    natsStatus s = natsMsg_Create(&m, subject, NULL, (const char *)record, recordBytes[i]);
    if (s != NATS_OK) fail("natsMsg_Create", s);
    snprintf(sequence, sizeof sequence, "%d", i + 1);
    natsMsgHeader_Set(m, "Nats-Batch-Id", batchId);
    natsMsgHeader_Set(m, "Nats-Batch-Sequence", sequence);
    if (withMsgId) {
      hex(msgId, record + recordBytes[i] - 32, 32);
      natsMsgHeader_Set(m, "Nats-Msg-Id", msgId);
    }
    if (i == 0) natsMsgHeader_Set(m, "Nats-Expected-Last-Sequence", expected);
    if (i == count - 1) {
      natsMsgHeader_Set(m, "Nats-Batch-Commit", "1");
      s = natsConnection_RequestMsg(&reply, nc, m, 10000);
    } else {
      s = natsConnection_PublishMsg(nc, m);
    }
    natsMsg_Destroy(m);
    if (s != NATS_OK) fail("publish", s);
  }
  const char *data = natsMsg_GetData(reply);
  const char *seq = data ? strstr(data, "\"seq\":") : NULL;
  if (!seq) {
    fprintf(stderr, "nats-bench-c: batch %d refused: %.*s\n", batchNumber, natsMsg_GetDataLength(reply),
            data ? data : "");
    exit(1);
  }
  uint64_t last = strtoull(seq + 6, NULL, 10);
  natsMsg_Destroy(reply);
  return last;
}

static void fail_lmdb(const char *what, int rc) {
  fprintf(stderr, "nats-bench-c: %s: %s\n", what, mdb_strerror(rc));
  exit(1);
}

// Appends `count` records after sequence `last` in one durable LMDB write transaction.
static void append_local(MDB_env *env, MDB_dbi dbi, unsigned char **records, const int *recordBytes,
                         int count, uint64_t last) {
  MDB_txn *txn = NULL;
  int rc = mdb_txn_begin(env, NULL, 0, &txn);
  if (rc) fail_lmdb("mdb_txn_begin", rc);
  for (int i = 0; i < count; i++) {
    uint64_t sequence = last + (uint64_t)i + 1;
    unsigned char key[8];
    for (int b = 0; b < 8; b++) key[b] = (unsigned char)(sequence >> (56 - 8 * b));
    MDB_val k = {8, key}, v = {(size_t)recordBytes[i], records[i]};
    rc = mdb_put(txn, dbi, &k, &v, MDB_APPEND);
    if (rc) fail_lmdb("mdb_put", rc);
  }
  rc = mdb_txn_commit(txn);
  if (rc) fail_lmdb("mdb_txn_commit", rc);
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: nats-bench-c URL[,URL...] SUBJECT FILE RECORD_BYTES BATCH [nomsgid] [lmdb=DIR]\n");
    return 2;
  }
  int recordBytes = atoi(argv[4]), batch = argv[5][0] == '@' ? 0 : atoi(argv[5]);
  long sizeCount = 0;
  int *sizes = NULL;
  if (batch == 0) {
    FILE *f = fopen(argv[5] + 1, "r");
    if (!f) { perror(argv[5] + 1); return 1; }
    int value;
    while (fscanf(f, "%d", &value) == 1) {
      if (value < 1 || value > 1000) { fprintf(stderr, "nats-bench-c: bad batch size %d\n", value); return 1; }
      sizes = realloc(sizes, sizeof(int) * (size_t)(sizeCount + 1));
      sizes[sizeCount++] = value;
    }
    fclose(f);
  }
  int withMsgId = 1;
  const char *lmdbDir = NULL;
  for (int a = 6; a < argc; a++) {
    if (strcmp(argv[a], "nomsgid") == 0) withMsgId = 0;
    else if (strncmp(argv[a], "lmdb=", 5) == 0) lmdbDir = argv[a] + 5;
  }
  MDB_env *env = NULL;
  MDB_dbi dbi = 0;
  if (lmdbDir) {
    int rc = mdb_env_create(&env);
    if (!rc) rc = mdb_env_set_mapsize(env, (size_t)1 << 34);
    if (!rc) rc = mdb_env_open(env, lmdbDir, 0, 0644);
    if (rc) fail_lmdb("mdb_env_open", rc);
    MDB_txn *txn = NULL;
    rc = mdb_txn_begin(env, NULL, 0, &txn);
    if (!rc) rc = mdb_dbi_open(txn, NULL, 0, &dbi);
    if (!rc) rc = mdb_txn_commit(txn);
    if (rc) fail_lmdb("mdb_dbi_open", rc);
  }
  long size = 0;
  unsigned char *data = read_file(argv[3], &size);
  long records = 0;
  unsigned char **starts = malloc(sizeof(unsigned char *) * (size_t)(size / 33 + 1));
  int *lengths = malloc(sizeof(int) * (size_t)(size / 33 + 1));
  for (long at = 0; at < size; records++) {
    int length = recordBytes;
    if (recordBytes == 0) {
      length = data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24;
      at += 4;
    }
    if (length < 32 || at + length > size) { fprintf(stderr, "nats-bench-c: bad record at %ld\n", at); return 1; }
    starts[records] = data + at;
    lengths[records] = length;
    at += length;
  }
  natsOptions *opts = NULL;
  natsConnection *nc = NULL;
  char *urls[16];
  int urlCount = 0;
  for (char *u = strtok(argv[1], ","); u && urlCount < 16; u = strtok(NULL, ",")) urls[urlCount++] = u;
  natsStatus s = natsOptions_Create(&opts);
  if (s == NATS_OK) s = natsOptions_SetServers(opts, (const char **)urls, urlCount);
  if (s == NATS_OK) s = natsConnection_Connect(&nc, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) fail("connect", s);
  uint64_t last = 0;
  double start = now_seconds();
  for (long first = 0, n = 0; first < records; n++) {
    int want = batch ? batch : (n < sizeCount ? sizes[n] : 1000);
    int count = (int)(records - first < want ? records - first : want);
    uint64_t got = publish_batch(nc, argv[2], starts + first, lengths + first, count, last, (int)n, withMsgId);
    if (got != last + (uint64_t)count) {
      fprintf(stderr, "nats-bench-c: batch ended at %llu, expected %llu\n", (unsigned long long)got,
              (unsigned long long)(last + count));
      return 1;
    }
    if (env) append_local(env, dbi, starts + first, lengths + first, count, last);
    last = got;
    first += count;
  }
  double seconds = now_seconds() - start;
  printf("publish %.0f %ld %.3f\n", (double)records / seconds, records, seconds);
  natsConnection_Destroy(nc);
  if (env) mdb_env_close(env);
  free(sizes);
  free(starts);
  free(lengths);
  free(data);
  nats_Close();
  return 0;
}

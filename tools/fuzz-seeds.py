#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets into fuzz/corpus/<target>/seed-*, taken from a golden log:
export lines (export-line), their binary envelopes (envelope), each event kind's payload (poison-event),
and bridge and proof payloads (abi); edit scripts for the snapshot target (no edit, a truncation, a
flipped byte in the archive header). Deterministic; safe to re-run."""
import json, os, struct, sys

root = os.path.join(os.path.dirname(__file__), "..")
source = os.path.join(root, "logs/golden/seed-12.jsonl")
corpus = os.path.join(root, "fuzz/corpus")
lines = [json.loads(l) for l in open(source) if not l.startswith('{"end"')]

def write(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, "seed-" + name), "wb") as f:
        f.write(data)

seen = set()
for e in lines:
    payload = bytes.fromhex(e["payload"][2:])
    if e["kindCode"] not in seen:
        seen.add(e["kindCode"])
        write("poison-event", "%02d" % e["kindCode"], bytes([e["kindCode"], 0, 1]) + payload)
        raw = (bytes([1]) + struct.pack(">QQQQ", e["sequence"], e["chainId"], e["blockNumber"], e["timestamp"])
               + bytes.fromhex(e["sender"][2:]) + struct.pack(">HHI", e["kindCode"], e["schemaVersion"], len(payload))
               + payload + bytes.fromhex(e["previousHash"][2:]) + bytes.fromhex(e["hash"][2:]))
        write("envelope", "%02d" % e["kindCode"], raw)
        write("export-line", "%02d" % e["kindCode"], (json.dumps(e, separators=(",", ":"))).encode())
    if e["kind"] == "deliver-message":
        # deliver-message fields: bytes32 guid, address from, address to, bytes payload (offset at word 3)
        length = int.from_bytes(payload[128:160], "big")
        write("abi", "batch-%d" % e["sequence"], bytes([1]) + payload[160:160 + length])
        if len(seen) > 40:
            break
write("snapshot", "identity", bytes([0, 0, 0]))
write("snapshot", "truncated", bytes([1, 0x01, 0x00]))
write("snapshot", "archive-kind", bytes([0, 0, 0, 0x00, 30, 1]))
print("seeds written for", len(seen), "kinds")

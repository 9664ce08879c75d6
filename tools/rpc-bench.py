#!/usr/bin/env python3
"""The JSON-RPC benchmark (issue 16), all figures from one run of a release build:

- `eth_call isValidSignature` with 100 signers: calls per second in process (JSONRPCHandler.handle,
  measured by Benchmarks' rpc-bench) and over HTTP on loopback (1 and 4 keep-alive connections);
- `eth_sendRawTransaction` throughput at 64 connections (64 senders, signed by eth-account
  beforehand) next to `POST /v1/actions` at 64 connections with the same StateManager writes.

    tools/rpc-bench.py [--skip-build] [--seconds 3] [--per-connection 20]

Builds `rpc-bench` in release once, under /tmp/swift-build.lock; rpc-bench builds the ledger,
prints its in-process figure, then serves the ledger on a free loopback port; this script drives
the HTTP side with a bounded Python client (the client's own cost is in the HTTP figures) and stops
the server whatever happens. Timing lives here, never in tests.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from eth_account import Account
from eth_utils import keccak, to_checksum_address

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE_MANAGER = to_checksum_address(keccak(text="spotted/StateManager")[-20:])
SET_VALUE = keccak(text="setValue(uint256,uint256)")[:4]
TOKEN = "bench"


def post_loop(address, path, bodies, headers, results, index):
    """Sends `bodies` in order on one keep-alive connection; records (ok, elapsed)."""
    host, port = address.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    ok = 0
    for body in bodies:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers})
        response = conn.getresponse()
        text = response.read()
        # JSON-RPC: a "result"; /v1/actions: the appended line, "error": null.
        if response.status in (200, 201) and (b'"result"' in text or b'"error":null' in text):
            ok += 1
        elif ok == 0:
            print(f"  first refusal on {path}: {response.status} {text[:200]!r}", file=sys.stderr)
    conn.close()
    results[index] = ok


def concurrent(address, path, per_connection, headers=None):
    """Runs one thread per connection; returns (requests answered ok, seconds)."""
    results = [0] * len(per_connection)
    threads = [threading.Thread(target=post_loop, args=(address, path, bodies, headers or {},
                                                       results, i))
               for i, bodies in enumerate(per_connection)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results), time.perf_counter() - start


def timed_calls(address, body, connections, seconds):
    """`body` repeated on `connections` connections for `seconds`: calls per second."""
    stop = time.perf_counter() + seconds
    counts = [0] * connections

    def loop(i):
        host, port = address.rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        while time.perf_counter() < stop:
            conn.request("POST", "/rpc/1", body=body, headers={"Content-Type": "application/json"})
            answer = conn.getresponse().read()
            assert b"0x1626ba7e" in answer, answer[:200]
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def raw_transactions(connections, per_connection):
    """Per connection, one fresh sender's `setValue` transactions with nonces 0…n−1."""
    out = []
    for c in range(connections):
        account = Account.from_key(keccak(text=f"rpc-bench/sender/{c}"))
        bodies = []
        for n in range(per_connection):
            data = SET_VALUE + (1000 + n).to_bytes(32, "big") + (c + 1).to_bytes(32, "big")
            tx = {"nonce": n, "gasPrice": 10**9, "gas": 100_000, "to": STATE_MANAGER, "value": 0,
                  "data": data, "chainId": 1}
            raw = account.sign_transaction(tx).raw_transaction.hex()
            bodies.append(json.dumps({"jsonrpc": "2.0", "id": n, "method": "eth_sendRawTransaction",
                                      "params": ["0x" + raw.removeprefix("0x")]}))
        out.append(bodies)
    return out


def actions(connections, per_connection, block):
    """The same writes as actions: one sender per connection, all at `block` (never backwards)."""
    out = []
    for c in range(connections):
        sender = "0x" + keccak(text=f"rpc-bench/action-sender/{c}")[-20:].hex()
        out.append([json.dumps({"kind": "set-value", "chainId": "1", "blockNumber": str(block),
                                "timestamp": "1700000100", "sender": sender,
                                "fields": {"key": str(1000 + n), "value": str(c + 1)}})
                    for n in range(per_connection)])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--per-connection", type=int, default=100)
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["flock", "/tmp/swift-build.lock", "swift", "build", "-c", "release",
                        "--package-path", "Benchmarks", "--product", "rpc-bench"], cwd=ROOT,
                       check=True)
    tool = os.path.join(ROOT, "Benchmarks", ".build", "release", "rpc-bench")
    with tempfile.TemporaryDirectory() as work:
        ledger = os.path.join(work, "ledger")
        process = subprocess.Popen([tool, "--ledger", ledger, "--seconds", str(args.seconds)],
                                   stdout=subprocess.PIPE, text=True)
        try:
            in_process = json.loads(process.stdout.readline())
            line = process.stdout.readline()
            if not line.startswith("listening on "):
                sys.exit(f"rpc-bench did not serve: {line!r}")
            address = line.split()[-1]
            body = open(os.path.join(ledger, "call.json"), "rb").read()
            http1 = timed_calls(address, body, 1, args.seconds)
            http4 = timed_calls(address, body, 4, args.seconds)
            connections = 64
            txs = raw_transactions(connections, args.per_connection)
            rpc_ok, rpc_seconds = concurrent(address, "/rpc/1", txs)
            acts = actions(connections, args.per_connection, 1_900_000)
            act_ok, act_seconds = concurrent(address, "/v1/actions", acts,
                                             {"Authorization": f"Bearer {TOKEN}"})
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    signers = in_process["signers"]
    base = in_process["inProcessCallsPerSecond"]
    total = connections * args.per_connection
    rpc_rate, act_rate = rpc_ok / rpc_seconds, act_ok / act_seconds
    print(f"| measure | per second | ratio |")
    print(f"|---|---:|---:|")
    print(f"| eth_call isValidSignature ({signers} signers), in process | {base:,.0f} | 1.00 (baseline) |")
    print(f"| same over HTTP, 1 connection | {http1:,.0f} | {http1 / base:.2f} |")
    print(f"| same over HTTP, 4 connections | {http4:,.0f} | {http4 / base:.2f} |")
    print(f"| POST /v1/actions set-value, 64 connections ({act_ok}/{total} ok) | {act_rate:,.0f} | 1.00 (baseline) |")
    print(f"| eth_sendRawTransaction setValue, 64 connections ({rpc_ok}/{total} ok) | {rpc_rate:,.0f} | {rpc_rate / act_rate:.2f} |")
    if rpc_ok != total or act_ok != total:
        sys.exit("some requests were refused")


if __name__ == "__main__":
    main()

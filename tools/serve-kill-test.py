#!/usr/bin/env python3
"""SIGKILL of `spotted-ledger serve` under load (issue 15), ROUNDS times (default 20) at random
moments, with concurrent clients writing through POST /v1/actions:

- every acknowledged action (200 with its sequence and hash) is in the log afterwards, at that
  sequence with that hash and the same fields;
- nothing unacknowledged is half-written: `verify` passes (hash chain, snapshots, every signature
  re-checked by a replay) and every entry the round added is one of the actions some client sent;
- the server restarted on the killed ledger serves the state root that a replay of the log gives.

    tools/serve-kill-test.py path/to/spotted-ledger [--rounds N] [--clients K] [--seed S]

Every server it starts, it stops; the ledger lives in a temporary directory that is removed.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load_clients  # noqa: E402
from load_clients import key  # noqa: E402

TOKEN = "kill-test-token"


def run(tool, *args):
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


class Server:
    def __init__(self, tool, ledger, token_file):
        self.process = subprocess.Popen(
            [tool, "serve", "--ledger", ledger, "--listen", "127.0.0.1:0", "--token-file", token_file],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.kill()
            raise RuntimeError(f"serve did not start: {line!r}")
        self.base = "http://" + line.split()[-1]

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return json.loads(response.read())


def events_after(tool, ledger, first):
    code, out, err = run(tool, "events", "--ledger", ledger, "--from", str(first), "--limit", "100000", "--json")
    if code != 0:
        raise RuntimeError(f"events: {err}")
    return json.loads(out)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    tool = os.path.abspath(args[0])
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 20
    clients = int(args[args.index("--clients") + 1]) if "--clients" in args else 16
    rng = random.Random(int(args[args.index("--seed") + 1]) if "--seed" in args else 15)
    work = tempfile.mkdtemp(prefix="serve-kill-")
    failures = []
    try:
        ledger = os.path.join(work, "ledger")
        code, _, err = run(tool, "simulate", "--ledger", ledger, "--operators", "6", "--chains", "1", "--epochs", "2")
        if code != 0:
            sys.exit(f"simulate: {err}")
        token_file = os.path.join(work, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        counters = {c: 0 for c in range(clients)}
        acked_total = 0
        for r in range(rounds):
            code, out, err = run(tool, "verify", "--ledger", ledger, "--json")
            before = json.loads(out)
            if code != 0 or not before["valid"]:
                failures.append(f"round {r}: verify before: {out} {err}")
                break
            server = Server(tool, ledger, token_file)
            try:
                live = server.get("/v1/state")["stateRoot"]
                if live != before["stateRoot"]:
                    failures.append(f"round {r}: served root {live} != replayed root {before['stateRoot']}")
                workers = [load_clients.Client(server.base, c, counters[c], random.Random(rng.random()), TOKEN, 0xA0000000)
                           for c in range(clients)]
                for w in workers:
                    w.start()
                time.sleep(rng.uniform(0.2, 1.5))
            finally:
                server.kill()
            for w in workers:
                w.join(timeout=60)
                counters[w.client] = w.next
            first = int(before["events"]) + 1
            code, out, err = run(tool, "verify", "--ledger", ledger, "--json")
            after = json.loads(out)
            if code != 0 or not after["valid"]:
                failures.append(f"round {r}: verify after the kill: {out} {err}")
                break
            logged = {int(e["sequence"]): e for e in events_after(tool, ledger, first)}
            sent = {key(a) for w in workers for a in w.sent}
            acked = [x for w in workers for x in w.acked]
            for a, sequence, hash_ in acked:
                e = logged.get(sequence)
                if e is None or e["hash"] != hash_ or key({"sender": e["sender"], "fields": e["fields"]}) != key(a):
                    failures.append(f"round {r}: acknowledged sequence {sequence} is not in the log as answered")
            for sequence, e in logged.items():
                if key({"sender": e["sender"], "fields": e["fields"]}) not in sent:
                    failures.append(f"round {r}: sequence {sequence} is no action any client sent")
            acked_total += len(acked)
            print(f"round {r + 1}/{rounds}: {len(acked)} acknowledged, {len(logged)} logged "
                  f"(unacknowledged but durable: {len(logged) - len(acked)}), chain verifies")
        if not failures:
            server = Server(tool, ledger, token_file)
            try:
                live = server.get("/v1/state")["stateRoot"]
            finally:
                server.kill()
            code, out, _ = run(tool, "verify", "--ledger", ledger, "--json")
            if json.loads(out)["stateRoot"] != live:
                failures.append("final: served root differs from the replayed root")
        print(f"{rounds} kills, {acked_total} acknowledged actions checked, {len(failures)} failures")
        for f in failures[:20]:
            print("FAIL " + f)
        sys.exit(1 if failures else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

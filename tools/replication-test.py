#!/usr/bin/env python3
"""End to end replication on a real 3-node NATS JetStream cluster through the CLI (issue 17, docs/scale-out.md).

    tools/replication-test.py path/to/spotted-ledger [--events N] [--writer-kills K] [--clients C] [--seed S]

1. history: `simulate --replicate` writes >= N events (default 100 000) through the replicated commit;
   a `follow` follower and a `serve --replicate --follow` follower end with the writer's head hash and
   state root at every epoch; `verify` passes on each ledger.
2. NATS kills under write load (`serve --replicate`, concurrent clients retrying 503): kill -9 a stream
   follower node, then the stream leader; writes go on; each node restarts and every node's own /jsz last
   sequence equals the writer's head (= every acknowledged action) within 30 s of the end of writes.
3. kill -9 of the writer under load, K times (default 10): nothing acknowledged lost, the local log a prefix
   of the stream, `verify` passes, the restarted writer catches up first; then `follow --promote` of a
   follower, writes through it, and the old writer restarted is fenced and ends on the same chain.
4. two writers racing on one stream: one entry per sequence, the loser answers 409 NotWriter and, as a
   follower, ends with the winner's head.
5. a follower stopped (SIGTERM, then kill -9) catches up from where it was.

Every process it starts, it stops (checked at the end); the cluster and ledgers live in temporary
directories that are removed. Prints one line per check and a summary; exits 1 on any failure.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nats_cluster import NATSCluster  # noqa: E402
import load_clients  # noqa: E402
from load_clients import key  # noqa: E402

TOKEN = "replication-test-token"
RESULTS = {"pass": 0, "fail": 0}
FAILURES = []
PROCESSES = []  # every Popen this test started


def check(ok, what):
    RESULTS["pass" if ok else "fail"] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILURES.append(what)
    return ok


def run(tool, *args, timeout=900):
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def run_json(tool, *args):
    code, out, err = run(tool, *args, "--json")
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:1])} exited {code}: {out.strip()} {err.strip()[-400:]}")
    return json.loads(out)


def start(args, **kwargs):
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, **kwargs)
    PROCESSES.append(process)
    return process


def stop(process, sig=signal.SIGTERM, seconds=30):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Server:
    """`serve --ledger L --listen 127.0.0.1:0 --replicate URLS --stream S [--follow]`."""

    def __init__(self, tool, ledger, urls, stream, token_file, follow=False, log=None):
        args = [tool, "serve", "--ledger", ledger, "--listen", "127.0.0.1:0", "--token-file", token_file,
                "--replicate", ",".join(urls), "--stream", stream] + (["--follow"] if follow else [])
        self.log = open(log or os.devnull, "ab")
        self.process = start(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.stop(signal.SIGKILL)
            raise RuntimeError(f"serve {'--follow ' if follow else ''}did not start: {line!r} (log {log})")
        self.base = "http://" + line.split()[-1]

    def stop(self, sig=signal.SIGTERM):
        stop(self.process, sig)
        self.log.close()

    def head(self):
        with urllib.request.urlopen(self.base + "/healthz", timeout=10) as response:
            answer = json.loads(response.read())
        return int(answer["headSequence"]), answer["headHash"]


def post(base, body, timeout=30):
    return load_clients.post(base, body, TOKEN, timeout)


def action(client, n):
    return load_clients.action(0xB0000000, client, n)


class Load:
    """`clients` Client threads against one server."""

    def __init__(self, base, clients, counters, rng):
        self.workers = [load_clients.Client(base, c, counters.get(c, 0), random.Random(rng.random()), TOKEN,
                                           0xB0000000, retry_unavailable=True)
                        for c in range(clients)]
        self.counters = counters
        for w in self.workers:
            w.start()

    def acked_count(self):
        return sum(len(w.acked) for w in self.workers)

    def stop(self):
        for w in self.workers:
            w.halt.set()
        for w in self.workers:
            w.join(timeout=120)
            self.counters[w.client] = w.next
        return [x for w in self.workers for x in w.acked], {k for w in self.workers for k in map(key, w.sent)}

    def statuses(self):
        total = {}
        for w in self.workers:
            for s, n in w.statuses.items():
                total[s] = total.get(s, 0) + n
        return total


def head_of(tool, ledger):
    v = run_json(tool, "verify", "--ledger", ledger)
    return v


def entries(tool, ledger, first, limit=100_000):
    """Entries `first`… (at most `limit`) of `ledger` by sequence, read in pages of 100 000."""
    found = {}
    while limit > 0:
        page = min(limit, 100_000)
        code, out, err = run(tool, "events", "--ledger", ledger, "--from", str(first), "--limit", str(page), "--json")
        if code != 0:
            raise RuntimeError(f"events: {err.strip()[-300:]}")
        got = json.loads(out)
        found.update((int(e["sequence"]), e) for e in got)
        if len(got) < page:
            break
        first, limit = first + page, limit - page
    return found


def epoch_roots(tool, ledger):
    current = int(run_json(tool, "epochs", "--ledger", ledger)["currentEpoch"])
    return [run_json(tool, "state", "--ledger", ledger, "--epoch", str(e))["stateRoot"] for e in range(current + 1)]


def wait_for(predicate, seconds, step=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


def stream_leader(cluster, stream):
    """The node index (0-based) of `stream`'s leader, from the nodes' /jsz, or None."""
    for node in range(3):
        document = cluster.jsz(node) or {}
        for account in document.get("account_details") or []:
            for detail in account.get("stream_detail") or []:
                if detail.get("name") == stream:
                    leader = (detail.get("cluster") or {}).get("leader")
                    if leader:
                        return int(leader[1:]) - 1  # server names are n1, n2, n3
    return None


def nodes_at(cluster, stream, sequence):
    return all(cluster.last_sequence(n, stream) == sequence for n in range(3))


def check_acked(tool, ledger, acked, where):
    """Every acknowledged action at its sequence with its hash and fields in `ledger`."""
    if not acked:
        return check(True, f"{where}: no acknowledged action to check")
    logged = entries(tool, ledger, min(s for _, s, _ in acked), max(s for _, s, _ in acked) - min(s for _, s, _ in acked) + 1)
    missing = [s for a, s, h in acked
               if s not in logged or logged[s]["hash"] != h
               or key({"sender": logged[s]["sender"], "fields": logged[s]["fields"]}) != key(a)]
    return check(not missing, f"{where}: {len(acked)} acknowledged actions at their sequence with their hash"
                 + (f" — {len(missing)} missing, first at {missing[:3]}" if missing else ""))


def check_no_duplicates(tool, ledger, first, where):
    logged = entries(tool, ledger, first, 1_000_000)
    keys = [key({"sender": e["sender"], "fields": e["fields"]}) for e in logged.values() if e["kind"] == "set-value"
            and e["sender"].lower().startswith("0x00000000000000000000000000000000b")]
    return check(len(keys) == len(set(keys)), f"{where}: every client action logged once ({len(keys)} actions)")


def phase_history(t, cluster, events):
    """Writer + 2 followers over a simulated history of >= `events` events."""
    urls, stream = cluster.client_urls, "HISTORY"
    writer, f1, f2 = (os.path.join(t.work, n) for n in ("h-writer", "h-follow", "h-serve"))
    tasks = max(2, events // 110)  # 833 tasks gave 97 872 events at 40 operators, 8 epochs (measured)
    started = time.monotonic()
    code, out, err = run(t.tool, "simulate", "--ledger", writer, "--operators", "40", "--chains", "1", "--epochs", "8",
                         "--tasks-per-epoch", str(tasks), "--epoch-length-blocks", str(max(1000, tasks * 60)),
                         "--replicate", ",".join(urls), "--stream", stream, "--json")
    seconds = time.monotonic() - started
    if not check(code == 0, f"history: simulate --replicate exited {code} {out.strip()[-300:]} {err.strip()[-300:]}"):
        return
    report = json.loads(out)
    count = int(report["events"])
    check(count >= events, f"history: simulate --replicate wrote {count} events through the stream in {seconds:.1f} s"
          f" ({count / seconds:.0f} events/s)")
    check(all(cluster.last_sequence(n, stream) == count for n in range(3)),
          f"history: every node's own /jsz last sequence is {count}")
    started = time.monotonic()
    code, out, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", f1, "--once")
    seconds = time.monotonic() - started
    check(code == 0, f"history: follow --once caught up in {seconds:.1f} s ({count / max(seconds, 0.001):.0f} events/s)"
          f" {'' if code == 0 else err.strip()[-300:]}")
    # the serving follower starts from nothing: serve --follow creates its ledger as follow does
    seeded = 0
    started = time.monotonic()
    server = Server(t.tool, f2, urls, stream, t.token_file, follow=True, log=os.path.join(t.work, "h-serve.log"))
    try:
        caught = wait_for(lambda: server.head()[0] == count, 300, 0.5)
        seconds = time.monotonic() - started
        check(caught, f"history: serve --follow caught up from {seeded} to {count} in {seconds:.1f} s "
              f"({(count - seeded) / max(seconds, 0.001):.0f} events/s)")
        status, answer = post(server.base, action(99, 1))
        check(status == 409 and "NotWriter" in json.dumps(answer), f"history: serve --follow answers a write {status} NotWriter")
    finally:
        server.stop()
    roots = {}
    for name, ledger in (("writer", writer), ("follow", f1), ("serve --follow", f2)):
        v = head_of(t.tool, ledger)
        check(v["valid"], f"history: verify passes on the {name} ledger ({v['events']} events)")
        roots[name] = (v["headHash"], epoch_roots(t.tool, ledger))
    w = roots["writer"]
    for name in ("follow", "serve --follow"):
        check(roots[name][0] == w[0], f"history: {name} head hash equals the writer's ({w[0][:18]}…)")
        check(roots[name][1] == w[1], f"history: {name} state root equals the writer's at each of {len(w[1])} epochs")


def phase_nats_kills(t, cluster, load_rng):
    """NATS follower node, then the stream leader, killed -9 under write load."""
    urls, stream = cluster.client_urls, t.stream
    server = Server(t.tool, t.writer, urls, stream, t.token_file, log=os.path.join(t.work, "writer.log"))
    t.server = server
    load = Load(server.base, t.clients, t.counters, load_rng)
    try:
        time.sleep(1.5)
        for role in ("follower", "leader"):
            leader = stream_leader(cluster, stream)
            if not check(leader is not None, f"nats: the stream leader is node {leader}"):
                break
            victim = leader if role == "leader" else (leader + 1) % 3
            before = load.acked_count()
            killed = time.monotonic()
            cluster.kill(victim)
            resumed = wait_for(lambda: load.acked_count() > before + 50, 60, 0.05)
            blocked = time.monotonic() - killed
            check(resumed, f"nats: kill -9 of the stream {role} (node {victim}): writes go on, "
                  f"+50 acknowledged {blocked:.1f} s after the kill")
            time.sleep(1.0)
            cluster.restart(victim)
            check(True, f"nats: node {victim} restarted; {load.acked_count()} acknowledged so far")
            time.sleep(1.0)
        acked, _ = load.stop()
        ended = time.monotonic()
        head, _ = server.head()
        check(acked and max(s for _, s, _ in acked) <= head, f"nats: the writer's head {head} covers every acknowledged sequence")
        ok = wait_for(lambda: nodes_at(cluster, stream, head), 30)
        lags = [cluster.last_sequence(n, stream) for n in range(3)]
        check(ok, f"nats: every node's own /jsz last sequence = the writer's head {head} "
              f"{time.monotonic() - ended:.1f} s after writes stopped (nodes: {lags}); statuses {load.statuses()}")
    finally:
        load.stop()
        server.stop()
    t.all_acked += acked
    check_acked(t.tool, t.writer, acked, "nats")
    v = head_of(t.tool, t.writer)
    check(v["valid"], f"nats: verify passes on the writer ({v['events']} events)")


def phase_writer_kills(t, cluster, kills, rng):
    """kill -9 of the writer under load, `kills` times; then promotion of a follower."""
    urls, stream = cluster.client_urls, t.stream
    follower = start([t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", t.standby],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    catchups = []
    try:
        for k in range(kills):
            started = time.monotonic()
            server = Server(t.tool, t.writer, urls, stream, t.token_file, log=os.path.join(t.work, "writer.log"))
            catchups.append(time.monotonic() - started)
            streamed = cluster.last_sequence(stream_leader(cluster, stream) or 0, stream)
            head, _ = server.head()
            check(head == streamed, f"writer kill {k + 1}/{kills}: restarted writer caught up first: head {head} = stream {streamed}")
            load = Load(server.base, t.clients, t.counters, rng)
            time.sleep(rng.uniform(0.3, 2.0))
            stop(server.process, signal.SIGKILL)
            server.log.close()
            acked, _ = load.stop()
            t.all_acked += acked
            v = head_of(t.tool, t.writer)
            check(v["valid"], f"writer kill {k + 1}/{kills}: verify passes after kill -9 ({len(acked)} acknowledged this round)")
            local = int(v["events"])
            last = cluster.last_sequence(stream_leader(cluster, stream) or 0, stream)
            ok = wait_for(lambda: int(entries_head(t.tool, t.standby)) >= last, 60, 0.3)
            prefix = local <= last and entries(t.tool, t.standby, local, 1)[local]["hash"] == v["headHash"]
            check(ok and prefix, f"writer kill {k + 1}/{kills}: the local log (head {local}) is a prefix of the stream (last {last})")
            check_acked(t.tool, t.standby, acked, f"writer kill {k + 1}/{kills} (stream, via the follower)")
        if catchups:
            check(True, f"writer kills: restart + catch-up took {min(catchups):.1f}–{max(catchups):.1f} s")
        # promotion: stop following, promote, write through the standby; the old writer is fenced
        stop(follower)
        code, out, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", t.standby, "--promote")
        check(code == 0, f"promotion: follow --promote: {out.strip() or err.strip()[-300:]}")
        promoted = Server(t.tool, t.standby, urls, stream, t.token_file, log=os.path.join(t.work, "standby.log"))
        try:
            load = Load(promoted.base, t.clients, t.counters, rng)
            time.sleep(1.5)
            acked, _ = load.stop()
            t.all_acked += acked
            check(len(acked) > 0, f"promotion: the promoted writer acknowledged {len(acked)} actions")
            # the old writer restarts as a writer: it catches up to the promoted one's head; a write
            # it takes is fenced if the promoted writer moved on
            old = Server(t.tool, t.writer, urls, stream, t.token_file, log=os.path.join(t.work, "writer.log"))
            try:
                status, _ = post(promoted.base, action(98, t.counters.setdefault(98, 0)))
                t.counters[98] += 1
                status_old, answer_old = post(old.base, action(97, t.counters.setdefault(97, 0)))
                t.counters[97] += 1
                check(status == 200 and status_old == 409 and "NotWriter" in json.dumps(answer_old),
                      f"promotion: the promoted writer takes a write ({status}); the old writer, restarted, "
                      f"is fenced on its next write ({status_old} NotWriter)")
                head_new, hash_new = promoted.head()
            finally:
                old.stop()
        finally:
            promoted.stop()
        code, out, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", t.writer, "--once")
        v_old, v_new = head_of(t.tool, t.writer), head_of(t.tool, t.standby)
        check(v_old["valid"] and v_new["valid"] and v_old["headHash"] == v_new["headHash"] == hash_new,
              f"promotion: one chain: old writer (followed) and promoted writer end at {head_new} {hash_new[:18]}…, both verify")
        check_acked(t.tool, t.writer, t.all_acked, "every acknowledged action so far, on the old writer")
        check_acked(t.tool, t.standby, t.all_acked, "every acknowledged action so far, on the promoted writer")
        check_no_duplicates(t.tool, t.standby, 1, "promotion")
        t.writer, t.standby = t.standby, t.writer
    finally:
        stop(follower)


def entries_head(tool, ledger):
    return run_json(tool, "stats", "--ledger", ledger)["events"]


def phase_race(t, cluster):
    """Two `serve --replicate` writers on two equal ledgers, one stream."""
    urls, stream = cluster.client_urls, "RACE"
    a, b = os.path.join(t.work, "race-a"), os.path.join(t.work, "race-b")
    for ledger in (a, b):
        code, _, err = run(t.tool, "simulate", "--ledger", ledger, "--operators", "6", "--chains", "1", "--epochs", "2")
        check(code == 0, f"race: simulate {os.path.basename(ledger)} {err.strip()[-200:]}")
    servers = [Server(t.tool, ledger, urls, stream, t.token_file, log=os.path.join(t.work, "race.log")) for ledger in (a, b)]
    try:
        results = [[], []]

        def writer(i):
            for n in range(60):
                results[i].append(post(servers[i].base, action(50 + i, n)))

        threads = [threading.Thread(target=writer, args=(i,)) for i in (0, 1)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        oks = [sum(1 for s, _ in r if s == 200) for r in results]
        refused = [sum(1 for s, a in r if s == 409 and "NotWriter" in json.dumps(a)) for r in results]
        winner = 0 if oks[0] >= oks[1] else 1
        loser = 1 - winner
        check(refused[loser] > 0 and refused[winner] == 0,
              f"race: writer {'ab'[winner]} won ({oks[winner]} acknowledged), writer {'ab'[loser]} answers "
              f"409 NotWriter ({refused[loser]} refusals, {oks[loser]} acknowledged before it lost)")
        head, head_hash = servers[winner].head()
    finally:
        for s in servers:
            s.stop()
    last = cluster.last_sequence(0, stream)
    check(all(cluster.last_sequence(n, stream) == head for n in range(3)), f"race: the stream ends at the winner's head {head} on every node")
    code, out, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", [a, b][loser], "--once")
    v = head_of(t.tool, [a, b][loser])
    check(code == 0 and v["valid"] and v["headHash"] == head_hash,
          f"race: the loser, run as follower, ends with the winner's head {head} ({v['headHash'][:18]}…) {err.strip()[-200:]}")
    fresh = os.path.join(t.work, "race-reader")
    code, _, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", fresh, "--once")
    logged = entries(t.tool, fresh, 1, 1_000_000)
    check(code == 0 and sorted(logged) == list(range(1, last + 1)) and head_of(t.tool, fresh)["headHash"] == head_hash,
          f"race: a fresh follower reads exactly one entry per sequence 1…{last}, one chain")


def phase_follower_stop(t, cluster, rng):
    """A `serve --follow` follower stopped (SIGTERM, then kill -9) while writes go on, then restarted."""
    urls, stream = cluster.client_urls, t.stream
    ledger = os.path.join(t.work, "late-follower")
    code, _, err = run(t.tool, "follow", "--nats", ",".join(urls), "--stream", stream, "--ledger", ledger, "--once")
    check(code == 0, f"follower stop: a new follower caught up {err.strip()[-200:]}")
    writer = Server(t.tool, t.writer, urls, stream, t.token_file, log=os.path.join(t.work, "writer.log"))
    try:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            follower = Server(t.tool, ledger, urls, stream, t.token_file, follow=True, log=os.path.join(t.work, "late.log"))
            load = Load(writer.base, t.clients, t.counters, rng)
            time.sleep(1.0)
            where, _ = follower.head()
            follower.stop(sig)
            time.sleep(1.5)
            acked, _ = load.stop()
            t.all_acked += acked
            head, head_hash = writer.head()
            stopped_at = int(entries_head(t.tool, ledger))
            started = time.monotonic()
            follower = Server(t.tool, ledger, urls, stream, t.token_file, follow=True, log=os.path.join(t.work, "late.log"))
            try:
                ok = wait_for(lambda: follower.head() == (head, head_hash), 60)
            finally:
                follower.stop()
            name = "SIGTERM" if sig == signal.SIGTERM else "kill -9"
            check(ok and stopped_at >= where and stopped_at < head,
                  f"follower stop ({name}): stopped at {stopped_at} while the writer went to {head}; restarted, "
                  f"it caught up from {stopped_at} in {time.monotonic() - started:.1f} s")
    finally:
        writer.stop()
    v = head_of(t.tool, ledger)
    check(v["valid"], f"follower stop: verify passes on the follower ({v['events']} events)")
    check_acked(t.tool, ledger, t.all_acked, "every acknowledged action of the run, on the restarted follower")


class Test:
    pass


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)

    def option(name, default):
        return int(args[args.index(name) + 1]) if name in args else default

    t = Test()
    t.tool = os.path.abspath(args[0])
    events, kills = option("--events", 100_000), option("--writer-kills", 10)
    t.clients = option("--clients", 6)
    rng = random.Random(option("--seed", 17))
    t.work = tempfile.mkdtemp(prefix="replication-test-")
    t.token_file = os.path.join(t.work, "token")
    with open(t.token_file, "w") as f:
        f.write(TOKEN + "\n")
    t.counters, t.all_acked, t.stream = {}, [], "LOAD"
    t.writer, t.standby = os.path.join(t.work, "writer"), os.path.join(t.work, "standby")
    began = time.monotonic()
    cluster = NATSCluster()
    nats_pids = []
    try:
        cluster.start()
        nats_pids = [p.pid for p in cluster.processes]
        phases = [("history", lambda: phase_history(t, cluster, events))]
        code, _, err = run(t.tool, "simulate", "--ledger", t.writer, "--operators", "6", "--chains", "1", "--epochs", "2",
                           "--replicate", ",".join(cluster.client_urls), "--stream", t.stream)
        check(code == 0, f"load ledger: simulate --replicate into stream {t.stream} {err.strip()[-200:]}")
        phases += [("nats kills", lambda: phase_nats_kills(t, cluster, rng)),
                   ("writer kills", lambda: phase_writer_kills(t, cluster, kills, rng)),
                   ("race", lambda: phase_race(t, cluster)),
                   ("follower stop", lambda: phase_follower_stop(t, cluster, rng))]
        for name, phase in phases:
            started = time.monotonic()
            try:
                phase()
            except Exception as error:  # a phase that breaks is a failure, the next ones still run
                check(False, f"{name}: {type(error).__name__}: {error}")
            print(f"-- {name}: {time.monotonic() - started:.1f} s", flush=True)
    finally:
        for process in PROCESSES:
            stop(process, signal.SIGKILL)
        nats_pids += [p.pid for p in cluster.processes if p is not None]
        cluster.stop()
        left = [p.pid for p in PROCESSES if p.poll() is None]
        for pid in set(nats_pids):
            try:
                os.kill(pid, 0)
                left.append(pid)
            except ProcessLookupError:
                pass
        check(not left, f"cleanup: no spotted-ledger or nats-server left running {left or ''}")
        if FAILURES:
            print(f"kept for inspection (servers' logs, ledgers): {t.work}")
        else:
            shutil.rmtree(t.work, ignore_errors=True)
    print(f"replication-test: {RESULTS['pass']} checks passed, {RESULTS['fail']} failed, "
          f"{len(t.all_acked)} acknowledged actions checked, {kills} writer kills, 2 NATS node kills, "
          f"{time.monotonic() - began:.0f} s")
    for f in FAILURES:
        print("FAIL " + f)
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()

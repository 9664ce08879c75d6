#!/usr/bin/env python3
"""Loads a `spotted-ledger report` HTML file in headless Chromium with the network off.

Usage: report-browser-test.py REPORT.html SCREENSHOT.png

Starts Debian's `chromium` on a free loopback DevTools port (its own throw-away profile, a proxy
that goes nowhere, and the DevTools protocol's offline mode), opens the file, and fails when:
the page logs a console error or throws, any request leaves the file (anything but file: and
data:), fewer than 5 charts (svg.chart) are drawn, or a chart has zero width or height. Writes a
full-page PNG screenshot. Talks the DevTools protocol over a small standard-library WebSocket
client. REPORT_SECTION_SHOTS=DIR also writes one PNG per section there;
REPORT_PREVIEW=FILE a half-size PNG of the page's top (the README's picture). Exit code 0 when all pass, 1 on a failure, 3 when chromium is missing (run tools/setup).
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

MIN_CHARTS = 5
TIMEOUT_SECONDS = 60


class WebSocket:
    """A minimal RFC 6455 client: text frames out (masked), frames in (any length, fragmented)."""

    def __init__(self, url):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("the DevTools socket closed during the handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"handshake refused: {head[:200]!r}")

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def read_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("the DevTools socket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self):
        message = b""
        while True:
            b0, b1 = self.read_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self.read_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self.read_exact(8))[0]
            data = self.read_exact(n)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise RuntimeError("the DevTools socket was closed by the browser")
            if opcode in (0x9, 0xA):
                continue
            message += data
            if b0 & 0x80:
                return message.decode()


class DevTools:
    """Commands with ids; events kept until asked for."""

    def __init__(self, url):
        self.ws, self.next_id, self.events = WebSocket(url), 0, []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method):
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if any(e["method"] == method for e in self.events):
                return
            message = json.loads(self.ws.receive())
            if "method" in message:
                self.events.append(message)
        raise RuntimeError(f"no {method} within {TIMEOUT_SECONDS} s")


def start_chromium(profile):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("report-browser-test: chromium is missing; run tools/setup", file=sys.stderr)
        sys.exit(3)
    process = subprocess.Popen(
        [binary, "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-sync",
         "--disable-component-update", "--disable-default-apps", "--no-default-browser-check",
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "--window-size=1400,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 2:
                return process, int(lines[0])
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with {process.returncode} before DevTools was up")
        time.sleep(0.1)
    raise RuntimeError("chromium's DevTools port did not appear")


def page_socket(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
        targets = json.load(r)
    pages = [t for t in targets if t.get("type") == "page"]
    if not pages:
        raise RuntimeError("no page target")
    return pages[0]["webSocketDebuggerUrl"]


def failures_in(events):
    out = []
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append(f"console {p['type']}: {[a.get('value') for a in p.get('args', [])]}")
        elif m == "Runtime.exceptionThrown":
            out.append(f"exception: {p.get('exceptionDetails', {}).get('text')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            out.append(f"log error: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if not url.startswith(("file:", "data:", "about:")):
                out.append(f"request leaves the file: {url}")
    return out


CHART_SIZES = """JSON.stringify(Array.from(document.querySelectorAll('svg.chart')).map(s => {
  const r = s.getBoundingClientRect(); return [s.id, r.width, r.height]; }))"""


def check(dev, report, screenshot):
    for domain in ("Page", "Runtime", "Log", "Network"):
        dev.call(f"{domain}.enable")
    dev.call("Network.emulateNetworkConditions", offline=True, latency=0,
             downloadThroughput=-1, uploadThroughput=-1)
    dev.call("Page.navigate", url="file://" + os.path.abspath(report))
    dev.wait_for("Page.loadEventFired")
    sizes = json.loads(dev.call("Runtime.evaluate", expression=CHART_SIZES, returnByValue=True)
                       ["result"]["value"])
    problems = failures_in(dev.events)
    if len(sizes) < MIN_CHARTS:
        problems.append(f"{len(sizes)} charts drawn, expected at least {MIN_CHARTS}")
    problems += [f"chart {i} is {w}×{h} px" for i, w, h in sizes if w <= 0 or h <= 0]
    metrics = dev.call("Page.getLayoutMetrics")
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = dev.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                    clip={"x": 0, "y": 0, "width": content["width"], "height": content["height"],
                          "scale": 1})
    os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
    with open(screenshot, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    if os.environ.get("REPORT_PREVIEW"):
        preview = dev.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                           clip={"x": 0, "y": 0, "width": content["width"],
                                 "height": min(content["height"], 2700), "scale": 0.5})
        with open(os.environ["REPORT_PREVIEW"], "wb") as f:
            f.write(base64.b64decode(preview["data"]))
    if os.environ.get("REPORT_SECTION_SHOTS"):
        section_shots(dev, os.environ["REPORT_SECTION_SHOTS"])
    print(f"report-browser-test: {len(sizes)} charts "
          f"({', '.join(f'{i} {w:.0f}×{h:.0f}' for i, w, h in sizes)}), "
          f"page {content['width']:.0f}×{content['height']:.0f} px, screenshot {screenshot}")
    return problems


SECTION_RECTS = """JSON.stringify(Array.from(document.querySelectorAll('section')).map(s => {
  const r = s.getBoundingClientRect(); return [s.id, r.x + scrollX, r.y + scrollY, r.width, r.height]; }))"""


def section_shots(dev, directory):
    """One PNG per section (REPORT_SECTION_SHOTS=DIR), for a closer look than the full page."""
    os.makedirs(directory, exist_ok=True)
    rects = json.loads(dev.call("Runtime.evaluate", expression=SECTION_RECTS, returnByValue=True)
                       ["result"]["value"])
    for name, x, y, w, h in rects:
        shot = dev.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                        clip={"x": x, "y": y, "width": w, "height": min(h, 1600), "scale": 1})
        with open(os.path.join(directory, f"{name}.png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    report, screenshot = sys.argv[1], sys.argv[2]
    profile = tempfile.mkdtemp(prefix="report-chromium-")
    process = None
    try:
        process, port = start_chromium(profile)
        dev = DevTools(page_socket(port))
        problems = check(dev, report, screenshot)
    finally:
        if process:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    for p in problems:
        print(f"report-browser-test: {report}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

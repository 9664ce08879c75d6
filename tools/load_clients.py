"""The load the end-to-end tests put on `serve` (serve-kill-test.py, replication-test.py): distinct
StateManager writes per client, posted to `POST /v1/actions` one or a few at a time by threads that
record what they sent and what was acknowledged (the action, its sequence and hash)."""

import json
import threading
import time
import urllib.error
import urllib.request

CHAIN = 2
BLOCK = 1_000_000


def post(base, body, token, timeout=30):
    """(status, decoded answer or None) of one POST /v1/actions."""
    request = urllib.request.Request(
        base + "/v1/actions", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body or b"null")
        except ValueError:
            return error.code, None


def action(sender_base, client, n):
    """Client `client`'s n-th write: its own sender (`sender_base` + client), key n, a value
    unique to both, at one block of chain 2 — never refused, never a repeat."""
    sender = "0x" + format(sender_base + client, "040x")
    return {"kind": "set-value", "chainId": str(CHAIN), "blockNumber": str(BLOCK),
            "timestamp": "1700000000", "sender": sender,
            "fields": {"key": str(n), "value": str(client * 1_000_003 + n)}}


def key(a):
    """What identifies an action in `events --json` (sender, key, value)."""
    return (a["sender"].lower(), a["fields"]["key"], a["fields"]["value"])


class Client(threading.Thread):
    """Posts actions (one, or arrays of 4 or 8) to `base` until halted or the server is gone.
    With `retry_unavailable`, a 503 is posted again with the same actions (a duplicate answer then
    means an earlier try was stored); otherwise any answer but 200 or 409 ends the client."""

    def __init__(self, base, client, start_at, rng, token, sender_base, retry_unavailable=False):
        super().__init__(daemon=True)
        self.base, self.client, self.next, self.rng = base, client, start_at, rng
        self.token, self.sender_base, self.retry_unavailable = token, sender_base, retry_unavailable
        self.sent, self.acked, self.statuses = [], [], {}
        self.halt = threading.Event()
        self.gone = False

    def run(self):
        while not self.halt.is_set():
            count = self.rng.choice([1, 1, 1, 4, 8])
            batch = [action(self.sender_base, self.client, self.next + i) for i in range(count)]
            self.next += count
            self.sent += batch
            for _ in range(200):
                try:
                    status, answer = post(self.base, batch[0] if count == 1 else batch, self.token)
                except Exception:
                    self.gone = True  # the server was killed
                    return
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 503 and self.retry_unavailable and not self.halt.is_set():
                    time.sleep(0.1)
                    continue
                break
            if status == 200:
                for a, line in zip(batch, [answer] if count == 1 else answer):
                    self.acked.append((a, int(line["sequence"]), line["hash"]))
            elif status != 409 and not (status == 503 and self.retry_unavailable):
                self.gone = True
                return

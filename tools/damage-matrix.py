#!/usr/bin/env python3
"""Points every read command at damaged ledgers (issue 14's damage matrix) and checks that the tool
never dies on a signal, exits 0, 1 or 2, says what is wrong in one line, never lets `verify` pass
real damage, and leaves every file of the directory byte-identical (nothing created either).

    tools/damage-matrix.py path/to/spotted-ledger [--keep]

Builds one small ledger with `simulate`, then for each kind of damage × command × (text, --json)
copies it, damages the copy, runs the command with a time limit and compares the directory before
and after. Prints a summary table and every failing case; exits 1 if any case fails.
"""
import hashlib
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import tempfile

NOBODY = 65534


def tree_digest(path):
    """Every file and directory under `path` (or the file itself) with its mode and content hash."""
    out = {}
    if not os.path.lexists(path):
        return {"<absent>": None}
    if os.path.isfile(path):
        with open(path, "rb") as f:
            return {".": (stat.S_IMODE(os.stat(path).st_mode), hashlib.sha256(f.read()).hexdigest())}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, path)
            mode = stat.S_IMODE(os.lstat(p).st_mode)
            if os.path.isfile(p):
                with open(p, "rb") as f:
                    out[rel] = (mode, hashlib.sha256(f.read()).hexdigest())
            else:
                out[rel] = (mode, None)
    return out


def truncate(size):
    def apply(d):
        with open(os.path.join(d, "data.mdb"), "r+b") as f:
            full = os.fstat(f.fileno()).st_size
            f.truncate(size if size >= 0 else full // 2)
    return apply


def replace_data(make):
    def apply(d):
        p = os.path.join(d, "data.mdb")
        size = os.path.getsize(p)
        with open(p, "wb") as f:
            f.write(make(size))
    return apply


def flip(offsets):
    def apply(d):
        p = os.path.join(d, "data.mdb")
        size = os.path.getsize(p)
        with open(p, "r+b") as f:
            for off in offsets(size):
                f.seek(off)
                b = f.read(1)
                f.seek(off)
                f.write(bytes([b[0] ^ 0xFF]))
    return apply


HEAD_HASH = {"bytes": b""}


def flip_entry(d):
    """Flips one byte of every stored copy of the head entry's hash (the live copy among them)."""
    p = os.path.join(d, "data.mdb")
    with open(p, "r+b") as f:
        data = bytearray(f.read())
        needle = HEAD_HASH["bytes"]
        at = data.find(needle)
        assert needle and at >= 0, "head hash not found in data.mdb"
        while at >= 0:
            data[at + 5] ^= 0xFF
            at = data.find(needle, at + 1)
        f.seek(0)
        f.write(data)


def remove_lock(d):
    os.remove(os.path.join(d, "lock.mdb"))


def garbage_lock(d):
    with open(os.path.join(d, "lock.mdb"), "wb") as f:
        f.write(random.Random(7).randbytes(8192))


def file_as_ledger(d):
    shutil.rmtree(d)
    with open(d, "w") as f:
        f.write("not a ledger\n")


def empty_dir(d):
    shutil.rmtree(d)
    os.mkdir(d)


def missing(d):
    shutil.rmtree(d)


def read_only(d):
    for root, dirs, files in os.walk(d):
        for name in files:
            os.chmod(os.path.join(root, name), 0o444)
    os.chmod(d, 0o555)


def read_only_mount(d):
    """The ledger on a read-only bind mount (root only); returns the unmount."""
    source = d + ".source"
    os.rename(d, source)
    os.mkdir(d)
    subprocess.run(["mount", "--bind", source, d], check=True, capture_output=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", d], check=True, capture_output=True)
    return lambda: subprocess.run(["umount", d], check=True, capture_output=True)


def can_mount():
    """Whether this process may make bind mounts (root in a sandbox that allows it)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = tempfile.mkdtemp()
    target = probe + "/t"
    os.mkdir(target)
    ok = subprocess.run(["mount", "--bind", probe, target], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", target], capture_output=True)
    shutil.rmtree(probe, ignore_errors=True)
    return ok


# (name, damage, real damage: verify must fail, run as nobody)
DAMAGES = [
    ("truncated to 0 bytes", truncate(0), True, False),
    ("truncated to 5000 bytes", truncate(5000), True, False),
    ("truncated to 8192 bytes", truncate(8192), True, False),
    ("truncated to 245760 bytes", truncate(245760), True, False),
    ("truncated to half", truncate(-1), True, False),
    ("random bytes", replace_data(lambda n: random.Random(3).randbytes(n)), True, False),
    ("a text file", replace_data(lambda n: b"hello, this is not LMDB\n" * 40), True, False),
    ("flipped bytes in both meta pages", flip(lambda n: [16, 4096 + 16]), True, False),
    ("flipped byte in the first meta page", flip(lambda n: [20]), False, False),
    ("flipped byte in the stored head entry", flip_entry, True, False),
    ("flipped bytes in the last page", flip(lambda n: [n - 4096 + 200, n - 4096 + 1000]), False, False),
    ("missing lock file", remove_lock, False, False),
    ("garbage lock file", garbage_lock, False, False),
    ("a file as ledger path", file_as_ledger, True, False),
    ("an empty directory", empty_dir, True, False),
    ("no directory", missing, True, False),
    ("no write permission (as nobody)", read_only, False, True),
]
if can_mount():
    DAMAGES.append(("a read-only mount", read_only_mount, False, False))


def commands(out_dir):
    return [
        ["replay"], ["verify"], ["stats"], ["state"], ["state", "--epoch", "1"], ["diff"],
        ["audit", "--first"], ["queue", "--epoch", "1"], ["events", "--limit", "5"],
        ["history", "--operator", "0x0000000000000000000000000000000000000001"],
        ["export", "--output", os.path.join(out_dir, "export.jsonl")],
        ["epochs"], ["report", "--out", os.path.join(out_dir, "report.html")],
    ]


def run_case(tool, pristine, work, damage, command, json_flag):
    name, apply, real, as_nobody = damage
    case_dir = tempfile.mkdtemp(dir=work)
    os.chmod(case_dir, 0o755)
    ledger = os.path.join(case_dir, "ledger")
    shutil.copytree(pristine, ledger)
    unmount = apply(ledger)
    out_dir = tempfile.mkdtemp(dir=work)
    os.chmod(out_dir, 0o777)
    args = [tool] + command + ["--ledger", ledger] + (["--json"] if json_flag else [])
    args = [a.replace("OUT", out_dir) for a in args]
    preexec = (lambda: (os.setgid(NOBODY), os.setuid(NOBODY))) if as_nobody else None
    try:
        before = tree_digest(ledger)
        try:
            p = subprocess.run(args, capture_output=True, timeout=120, preexec_fn=preexec,
                               env=dict(os.environ, SPOTTED_LEDGER=""))
            code, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            code, out, err = "timeout", "", ""
        after = tree_digest(ledger)
    finally:
        if callable(unmount):
            unmount()
    problems = []
    if code not in (0, 1, 2):
        problems.append(f"exit {code}" + (f" (signal {-code})" if isinstance(code, int) and code < 0 else ""))
    err_lines = [l for l in err.splitlines() if l.strip()]
    if len(err_lines) > 1:
        problems.append(f"{len(err_lines)} lines on stderr: {err_lines[0][:100]!r} …")
    if json_flag and code != 0 and out.lstrip().startswith('{"error"'):
        if len(out.strip().splitlines()) != 1:
            problems.append("the --json error is not one line")
        elif not isinstance(json.loads(out).get("error", {}).get("message"), str):
            problems.append("the --json error has no message")
    if code != 0 and not err_lines and not out.strip():
        problems.append("failed without a message")
    if command[0] == "verify" and real and code == 0:
        problems.append("verify exited 0 on real damage")
    if before != after:
        changed = sorted(set(before.items()) ^ set(after.items()))
        problems.append(f"directory changed: {[c[0] for c in changed][:4]}")
    shutil.rmtree(case_dir, ignore_errors=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    return code, problems, (err_lines[0] if err_lines else out.strip().splitlines()[0] if out.strip() else "")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    work = tempfile.mkdtemp(prefix="damage-matrix-")
    os.chmod(work, 0o755)
    # A copy the `nobody` cases can run whatever the permissions of the checkout's directories.
    tool = os.path.join(work, "spotted-ledger")
    shutil.copy2(os.path.abspath(sys.argv[1]), tool)
    os.chmod(tool, 0o755)
    pristine = os.path.join(work, "pristine")
    subprocess.run([tool, "simulate", "--ledger", pristine, "--seed", "5", "--operators", "12",
                    "--chains", "2", "--epochs", "12", "--dishonest", "1"],
                   check=True, capture_output=True)
    verified = subprocess.run([tool, "verify", "--ledger", pristine, "--json"], capture_output=True, check=True)
    HEAD_HASH["bytes"] = bytes.fromhex(json.loads(verified.stdout)["headHash"][2:])
    total, failed, exits = 0, [], {}
    for damage in DAMAGES:
        for command in commands("OUT"):
            for json_flag in (False, True):
                code, problems, message = run_case(tool, pristine, work, damage, command, json_flag)
                total += 1
                exits[code] = exits.get(code, 0) + 1
                if problems:
                    failed.append((damage[0], " ".join(command[:1]), json_flag, problems, message))
    if not can_mount():
        print("note: no bind mounts here (not root, or not allowed): the read-only mount case is skipped")
    if "--keep" not in sys.argv:
        shutil.rmtree(work, ignore_errors=True)
    print(f"| damage kinds | commands | cases | exit codes | failing |")
    print(f"|---|---|---|---|---|")
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(exits.items(), key=lambda kv: str(kv[0])))
    print(f"| {len(DAMAGES)} | {len(commands('OUT'))} | {total} | {codes} | {len(failed)} |")
    for name, command, json_flag, problems, message in failed:
        print(f"FAIL {name} / {command}{' --json' if json_flag else ''}: {'; '.join(problems)} — {message[:120]}")
    print(f"damage matrix: {total - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

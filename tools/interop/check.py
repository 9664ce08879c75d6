#!/usr/bin/env python3
"""Interop check of the Swift Ethereum module against an independent implementation.

Python eth-account / eth-abi generate the expected bytes for random inputs drawn from a fixed seed;
tools/interop-probe (our code) answers the same questions over a line protocol. Compared byte for
byte: addresses (EIP-55), EIP-191 digests, EIP-712 digests, signatures, recovered signers, ABI
encodings (strict decode + re-encode + canonical value) and encodePacked, plus malformed inputs
that both sides must refuse. Prints a table; exits 1 on any mismatch.

    python tools/interop/check.py .build/debug/interop-probe [--seed N] [--cases N]
"""
import argparse
import json
import random
import subprocess
import sys

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.packed import encode_packed
from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data
from eth_utils import keccak

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


class Probe:
    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError("probe exited on: " + line[:200])
        return answer.rstrip("\n")


def sign_hash(digest, key):
    signer = getattr(Account, "unsafe_sign_hash", None) or Account._sign_hash
    return signer(digest, private_key=key).signature


def random_key(rng):
    return rng.randrange(1, N).to_bytes(32, "big")


# ---------- ABI types and values ----------
ATOMIC = ["uint", "int", "address", "bool", "bytesN", "bytes", "string"]


def random_type(rng, depth=0):
    kind = rng.choice(ATOMIC + (["array", "fixed", "tuple"] if depth < 3 else []))
    if kind == "uint":
        return "uint%d" % (8 * rng.randint(1, 32))
    if kind == "int":
        return "int%d" % (8 * rng.randint(1, 32))
    if kind == "bytesN":
        return "bytes%d" % rng.randint(1, 32)
    if kind == "array":
        return random_type(rng, depth + 1) + "[]"
    if kind == "fixed":
        return random_type(rng, depth + 1) + "[%d]" % rng.randint(1, 3)
    if kind == "tuple":
        return "(" + ",".join(random_type(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ")"
    return kind


def split_top(inner):
    parts, level, start = [], 0, 0
    for i, c in enumerate(inner):
        if c == "(":
            level += 1
        elif c == ")":
            level -= 1
        elif c == "," and level == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return parts


def random_value(rng, t):
    if t.endswith("]"):
        base, size = t[: t.rindex("[")], t[t.rindex("[") + 1 : -1]
        count = int(size) if size else rng.randint(0, 3)
        return [random_value(rng, base) for _ in range(count)]
    if t.startswith("("):
        return tuple(random_value(rng, m) for m in split_top(t[1:-1]))
    if t.startswith("uint"):
        bits = int(t[4:])
        return rng.choice([0, 1, (1 << bits) - 1, rng.getrandbits(bits)])
    if t.startswith("int"):
        bits = int(t[3:])
        return rng.choice([0, -1, -(1 << (bits - 1)), (1 << (bits - 1)) - 1, rng.getrandbits(bits) - (1 << (bits - 1))])
    if t == "address":
        return "0x" + rng.getrandbits(160).to_bytes(20, "big").hex()
    if t == "bool":
        return rng.random() < 0.5
    if t == "bytes":
        return bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 31, 32, 33, rng.randint(0, 100)])))
    if t.startswith("bytes"):
        return bytes(rng.getrandbits(8) for _ in range(int(t[5:])))
    if t == "string":
        alphabet = "abcXYZ 09_-é漢字🙂"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
    raise ValueError(t)


def render(t, v):
    """The probe's canonical text for a value (see ABIValue.description)."""
    if t.endswith("]"):
        base = t[: t.rindex("[")]
        return "[" + ",".join(render(base, x) for x in v) + "]"
    if t.startswith("("):
        return "(" + ",".join(render(m, x) for m, x in zip(split_top(t[1:-1]), v)) + ")"
    if t.startswith("uint") or t.startswith("int"):
        return str(v)
    if t == "address":
        return v.lower()
    if t == "bool":
        return "true" if v else "false"
    if t == "string":
        return "utf8:0x" + v.encode("utf-8").hex()
    return "0x" + v.hex()


# ---------- EIP-712 ----------
def typed_value(rng, t, structs):
    if t.endswith("]"):
        base, size = t[: t.rindex("[")], t[t.rindex("[") + 1 : -1]
        return [typed_value(rng, base, structs) for _ in range(int(size) if size else rng.randint(0, 3))]
    if t in structs:
        return {f["name"]: typed_value(rng, f["type"], structs) for f in structs[t]}
    if t == "bytes":
        return "0x" + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 40))).hex()
    if t.startswith("bytes"):
        return "0x" + bytes(rng.getrandbits(8) for _ in range(int(t[5:]))).hex()
    v = random_value(rng, t)
    return v


def as_text(v):
    """Atomic values as JSON strings for the probe (big integers survive)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return [as_text(x) for x in v]
    if isinstance(v, dict):
        return {k: as_text(x) for k, x in v.items()}
    return v


def random_typed_data(rng):
    atomic = ["uint256", "uint8", "uint64", "int256", "int32", "address", "bool", "bytes32", "bytes4", "bytes", "string"]
    structs = {}
    inner = [{"name": "f%d" % i, "type": rng.choice(atomic)} for i in range(rng.randint(1, 3))]
    structs["Inner"] = inner
    fields = []
    for i in range(rng.randint(1, 6)):
        choice = rng.random()
        if choice < 0.15:
            t = "Inner"
        elif choice < 0.25:
            t = "Inner[]"
        elif choice < 0.35:
            t = rng.choice(atomic) + rng.choice(["[]", "[2]"])
        else:
            t = rng.choice(atomic)
        fields.append({"name": "m%d" % i, "type": t})
    structs["Main"] = fields
    if not any(f["type"].startswith("Inner") for f in fields):
        del structs["Inner"]  # eth-account infers the primary type: no unreferenced structs
    domain_fields = [("name", "string"), ("version", "string"), ("chainId", "uint256"), ("verifyingContract", "address"), ("salt", "bytes32")]
    chosen = [f for f in domain_fields if rng.random() < 0.6] or [domain_fields[2]]
    domain = {}
    for name, t in chosen:
        domain[name] = {"name": "Dom" + str(rng.randint(0, 99)), "version": str(rng.randint(1, 9)),
                        "chainId": rng.randint(1, 1 << 64), "verifyingContract": "0x" + rng.getrandbits(160).to_bytes(20, "big").hex(),
                        "salt": "0x" + rng.getrandbits(256).to_bytes(32, "big").hex()}[name]
    types = {"EIP712Domain": [{"name": n, "type": t} for n, t in chosen], **structs}
    message = {f["name"]: typed_value(rng, f["type"], structs) for f in fields}
    return {"types": types, "primaryType": "Main", "domain": domain, "message": message}


def typed_digest(full):
    signable = encode_typed_data(full_message=full)
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def checksum_addresses(v):
    from eth_utils import to_checksum_address
    if isinstance(v, dict):
        return {k: checksum_addresses(x) for k, x in v.items()}
    if isinstance(v, list):
        return [checksum_addresses(x) for x in v]
    if isinstance(v, str) and len(v) == 42 and v.startswith("0x"):
        try:
            return to_checksum_address(v)
        except Exception:
            return v
    return v


def check_transaction(rng, probe, key, check):
    """A random legacy (EIP-155) or EIP-1559 transaction: eth-account signs, we decode and recover;
    we sign the same fields, eth-account's bytes must equal ours."""
    kind = rng.choice([0, 2])
    to = None if rng.random() < 0.1 else Account.from_key(random_key(rng)).address
    data = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 4, 36, rng.randint(0, 300)])))
    fields = dict(chainId=rng.choice([1, 17000, 31337, rng.randint(1, 2**32)]), nonce=rng.randint(0, 2**20),
                  gas=1_000_000, value=0, data=data)
    if to is not None:
        fields["to"] = to
    if kind == 2:
        fields.update(type=2, maxFeePerGas=10**9, maxPriorityFeePerGas=10**9)
    else:
        fields.update(gasPrice=10**9)
    signed = Account.sign_transaction(fields, key)
    raw = bytes(signed.raw_transaction)
    expected = "%d %d %s 0x%s" % (fields["chainId"], fields["nonce"], Account.from_key(key).address, bytes(signed.hash).hex())
    got = probe.ask("tx 0x" + raw.hex())
    check("transaction decode + sender", got == expected, (raw.hex(), expected, got))
    ours = probe.ask("txsign 0x%s %d %d %d %s 0x%s" % (key.hex(), kind, fields["chainId"], fields["nonce"], to or "-", data.hex()))
    check("transaction signing", ours == "0x" + raw.hex(), (fields, raw.hex(), ours))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("probe")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--cases", type=int, default=120, help="cases per category")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    probe = Probe(args.probe)
    results = {}
    failures = []

    def check(category, ok, detail):
        count, bad = results.get(category, (0, 0))
        results[category] = (count + 1, bad + (0 if ok else 1))
        if not ok:
            failures.append((category, detail))

    for _ in range(args.cases):
        key = random_key(rng)
        expected = Account.from_key(key).address
        got = probe.ask("address " + key.hex())
        check("address (EIP-55)", got == expected, (key.hex(), expected, got))

        message = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 32, rng.randint(0, 300)])))
        signable = encode_defunct(primitive=message)
        expected = keccak(b"\x19" + signable.version + signable.header + signable.body)
        got = probe.ask("personal 0x" + message.hex())
        check("EIP-191 digest", got == "0x" + expected.hex(), (message.hex(), expected.hex(), got))

        digest = rng.getrandbits(256).to_bytes(32, "big")
        expected = sign_hash(digest, key)
        got = probe.ask("sign 0x%s 0x%s" % (key.hex(), digest.hex()))
        check("signature bytes", got == "0x" + bytes(expected).hex(), (key.hex(), digest.hex(), bytes(expected).hex(), got))

        # Recover theirs with ours, and ours with theirs.
        theirs = bytes(expected)
        got = probe.ask("recover 0x%s 0x%s" % (digest.hex(), theirs.hex()))
        try:
            ours_sig = bytes.fromhex(probe.ask("sign 0x%s 0x%s" % (key.hex(), digest.hex()))[2:])
            recovered = Account._recover_hash(digest, signature=ours_sig)
        except Exception as error:  # our signature is unusable: a mismatch, not a crash
            recovered = "unrecoverable: %s" % error
        signer = Account.from_key(key).address
        check("recovered signer", got == signer and recovered == signer, (digest.hex(), theirs.hex(), got, recovered))

        typed = random_typed_data(rng)
        try:
            expected = "0x" + typed_digest(checksum_addresses(typed)).hex()
        except Exception as error:  # eth-account refused: skip the case, it is not ours to judge
            expected = None
        if expected is not None:
            got = probe.ask("typed " + json.dumps(as_text(typed), ensure_ascii=False))
            check("EIP-712 digest", got == expected, (json.dumps(as_text(typed))[:400], expected, got))

        types = [random_type(rng) for _ in range(rng.randint(1, 4))]
        values = [random_value(rng, t) for t in types]
        encoded = abi_encode(types, values)
        expected = "0x" + encoded.hex() + " " + render("(" + ",".join(types) + ")", tuple(values))
        got = probe.ask("abi (%s) 0x%s" % (",".join(types), encoded.hex()))
        check("ABI decode + encode", got == expected, (types, expected[:300], got[:300]))

        scalar = ["uint%d" % (8 * rng.randint(1, 32)), "int%d" % (8 * rng.randint(1, 32)), "address", "bool",
                  "bytes%d" % rng.randint(1, 32), "bytes", "string"]
        ptypes = [rng.choice(scalar) for _ in range(rng.randint(1, 5))]
        pvalues = [random_value(rng, t) for t in ptypes]
        expected = "0x" + encode_packed(ptypes, pvalues).hex()
        got = probe.ask("packed (%s) 0x%s" % (",".join(ptypes), abi_encode(ptypes, pvalues).hex()))
        check("encodePacked (scalars)", got == expected, (ptypes, expected, got))

        check_transaction(rng, probe, key, check)

    # Malformed input both implementations must refuse.
    negatives = [
        (["address"], "01" + "00" * 31),                       # dirty high bytes of an address
        (["uint32"], "00" * 27 + "01" + "00" * 4),              # uint32 above 2^32
        (["bool"], "00" * 31 + "02"),                           # bool other than 0/1
        (["bytes"], "00" * 31 + "20" + "00" * 31 + "40"),       # length beyond the data
        (["uint256[]"], "00" * 31 + "20" + "ff" * 32),          # absurd array length
        (["bytes"], "ff" * 32),                                 # offset out of range
        (["uint256"], "00" * 31),                               # truncated word
        (["(uint256,bytes)"], "00" * 31 + "20"),                # tuple body missing
    ]
    for types, data in negatives:
        try:
            abi_decode(types, bytes.fromhex(data))
            theirs_refused = False
        except Exception:
            theirs_refused = True
        got = probe.ask("abi (%s) 0x%s" % (",".join(types), data))
        check("malformed ABI refused", theirs_refused and got.startswith("error "), (types, data, got))
    for sig in ["00" * 65, "11" * 64, "11" * 64 + "00", "11" * 32 + "ff" * 32 + "1b"]:
        got = probe.ask("recover 0x%s 0x%s" % ("22" * 32, sig))
        check("malformed signature refused", got.startswith("error "), (sig, got))

    total = sum(c for c, _ in results.values())
    bad = sum(b for _, b in results.values())
    print("| category | cases | mismatches |")
    print("|---|---|---|")
    for category, (count, mismatches) in results.items():
        print("| %s | %d | %d |" % (category, count, mismatches))
    print("| **total** (seed %d) | %d | %d |" % (args.seed, total, bad))
    for category, detail in failures[:5]:
        print("MISMATCH", category, detail)
    probe.proc.stdin.close()
    probe.proc.wait()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

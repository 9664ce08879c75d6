#!/usr/bin/env python3
"""Independent check of signatures the Swift protocol code produced (issue 4).

Reads JSON lines written by the SpottedProtocolTests interop export. For each line it recomputes the
EIP-712 digest from the typed data with eth-account (never trusting our digest), checks it equals
the digest we reported, and checks that eth-account recovers the expected signer from our signature.
Exits non-zero on any mismatch.
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_typed_data


def digest_of(typed):
    message = encode_typed_data(full_message=typed)
    # EIP-191 version 0x01: keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)
    from eth_utils import keccak
    return keccak(b"\x19" + message.version + message.header + message.body)


def main(path):
    checked, mismatches = 0, []
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            item = json.loads(raw)
            digest = digest_of(item["typedData"])
            ours = bytes.fromhex(item["digest"][2:])
            signature = bytes.fromhex(item["signature"][2:])
            recovered = Account._recover_hash(digest, signature=signature)
            if digest != ours:
                mismatches.append((number, item["kind"], "digest", digest.hex(), ours.hex()))
            elif recovered != item["signer"]:
                mismatches.append((number, item["kind"], "signer", recovered, item["signer"]))
            checked += 1
    kinds = {}
    with open(path) as f:
        for raw in f:
            if raw.strip():
                kind = json.loads(raw)["kind"]
                kinds[kind] = kinds.get(kind, 0) + 1
    print("| kind | signatures | mismatches |")
    print("|---|---|---|")
    for kind, count in sorted(kinds.items()):
        bad = sum(1 for m in mismatches if m[1] == kind)
        print(f"| {kind} | {count} | {bad} |")
    for m in mismatches[:5]:
        print("MISMATCH line %d (%s): %s eth-account=%s ours=%s" % m)
    if checked == 0:
        print("no signatures to check", file=sys.stderr)
        return 1
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Proves each adversarial defence is necessary (issue 8): removes one defence at a time from the
sources, rebuilds, runs the suite that covers it, and expects at least one test to fail. A mutation
every test survives means a defence no test pins down.

    tools/mutation-check.py [--list] [NAME ...]

Each mutation replaces one exact snippet (which must occur once) and is undone afterwards, also on
Ctrl-C. Prints a table (mutation, covering tests that failed) and exits 1 if any mutation survived.
Takes about a minute per mutation on two cores (incremental debug build plus one suite).
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, attack it defends against, file, original snippet, mutated snippet, test filter)
MUTATIONS = [
    ("replica-only-abridge", "forged delivery from another bridge",
     "Sources/SpottedProtocol/LightStakeRegistry/LightStakeRegistry+Reducer.swift",
     "guard ctx.sender == abridge else", "guard true else", "CrossChainTests"),
    ("delivery-from", "forged delivery from another sender contract",
     "Sources/SpottedProtocol/Abridge/Abridge+Reducer.swift",
     "guard message.from == d.from else", "guard true else", "CrossChainTests|DisputeTests"),
    ("replica-guid-once", "replayed bridge guid",
     "Sources/SpottedProtocol/LightStakeRegistry/LightStakeRegistry+Reducer.swift",
     "guard !processedGuids.contains(d.guid) else", "guard true else", "CrossChainTests"),
    ("delivery-was-sent", "a message that was never sent",
     "Sources/SpottedProtocol/Abridge/Abridge+Reducer.swift",
     "guard let message = messages[d.guid] else {",
     "guard let message = messages[d.guid] ?? messages.values.first(where: { $0.from == d.from && $0.to == d.to }) else {",
     "CrossChainTests|DisputeTests"),
    ("delivery-destination", "a message delivered on a chain it was not sent to",
     "Sources/SpottedProtocol/Abridge/Abridge+Reducer.swift",
     "guard message.destinationChainId == chainId else", "guard true else", "CrossChainTests|DisputeTests"),
    ("delivery-payload", "a delivery whose payload differs from what was sent",
     "Sources/SpottedProtocol/Abridge/Abridge+Reducer.swift",
     "guard Keccak256.hash(d.payload) == message.payloadHash else", "guard true else", "CrossChainTests|DisputeTests"),
    ("verifier-only-abridge", "verification delivered by another bridge",
     "Sources/SpottedProtocol/MainChainVerifier/MainChainVerifier+Reducer.swift",
     "guard ctx.sender == genesis.mainAbridge else", "guard true else", "DisputeTests"),
    ("verifier-guid-once", "replayed verification guid",
     "Sources/SpottedProtocol/MainChainVerifier/MainChainVerifier+Reducer.swift",
     "guard !processedGuids.contains(d.guid) else", "guard true else", "DisputeTests"),
    ("registration-salt", "registration signature replayed with a used salt",
     "Sources/SpottedProtocol/AVSDirectory/AVSDirectory+Reducer.swift",
     "guard !spentSalts.contains(OperatorSalt(operator: op, salt: sig.salt)) else", "guard true else", "StakeRegistryTests"),
    ("registration-expiry", "expired registration signature",
     "Sources/SpottedProtocol/AVSDirectory/AVSDirectory+Reducer.swift",
     "guard sig.expiry >= UInt256(ctx.timestamp) else", "guard true else", "StakeRegistryTests"),
    ("registration-avs", "registration signed for another AVS",
     "Sources/SpottedProtocol/AVSDirectory/AVSDirectory.swift",
     "fields: [op.word, genesis.serviceManager.word, salt, expiry.word]",
     "fields: [op.word, Address.zero.word, salt, expiry.word]", "StakeRegistryTests"),
    ("registration-chain", "registration signed for another chain",
     "Sources/SpottedProtocol/Ledger/LedgerGenesis.swift",
     'name: "EigenLayer", chainId: UInt256(mainChainId), verifyingContract: avsDirectory)',
     'name: "EigenLayer", chainId: 1, verifyingContract: avsDirectory)', "StakeRegistryTests"),
    ("registration-signature", "registration signed by someone else",
     "Sources/SpottedProtocol/AVSDirectory/AVSDirectory+Reducer.swift",
     "if ctx.signatureChecks == .verify { try Self.registrationClaim(sig, ctx, genesis).check() }", "", "StakeRegistryTests"),
    ("signing-key-unique", "a signing key claimed by a second operator",
     "Sources/SpottedProtocol/StakeRegistry/StakeRegistry+Reducer.swift",
     "if let owner = signingKeyOperator[signingKey], owner != op, !signingKey.isZero {",
     "if let owner = signingKeyOperator[signingKey], owner != owner {", "StakeRegistryTests"),
    ("rotated-key-unique", "a rotation to the signing key of another operator",
     "Sources/SpottedProtocol/StakeRegistry/StakeRegistry+Reducer.swift",
     "if let owner = signingKeyOperator[key], owner != op, !key.isZero {",
     "if let owner = signingKeyOperator[key], owner != owner {", "StakeRegistryTests"),
    ("response-signature", "a task response signed by another key",
     "Sources/SpottedProtocol/Tasks/Tasks+Reducer.swift",
     "if ctx.signatureChecks == .verify {\n            try Self.responseClaim(",
     "if false {\n            try Self.responseClaim(", "DisputeTests|EngineTests"),
    ("task-expiry", "a response after the task's challenge window",
     "Sources/SpottedProtocol/Tasks/Tasks+Reducer.swift",
     "guard ctx.blockNumber <= expiresAtBlock else", "guard true else", "DisputeTests"),
    ("bundle-future-epoch", "a bundle replayed on a replica that missed the batch, or at a future epoch",
     "Sources/SpottedProtocol/StakeRegistry/SignatureChecker.swift",
     "guard epoch <= latestEpoch else", "guard true else", "IsValidSignatureTests|CrossChainTests"),
    ("bundle-reference-epoch", "a bundle replayed at another reference epoch",
     "Sources/SpottedProtocol/StakeRegistry/SignatureChecker.swift",
     "let signer = registry.signingKey(of: op, at: epoch)", "let signer = registry.signingKey(of: op, at: latestEpoch)",
     "IsValidSignatureTests"),
    ("high-s", "a high-s malleated signature",
     "Sources/Ethereum/ECDSA.swift",
     "guard s <= halfOrder else", "guard true else", "ECDSATests|IsValidSignatureTests"),
    ("v-27-28", "a signature with v in {0, 1}",
     "Sources/Ethereum/ECDSA.swift",
     "let v = signature[64]\n        guard v == 27 || v == 28 else { throw .invalidSignatureV(v) }",
     "let v = signature[64] < 27 ? signature[64] &+ 27 : signature[64]", "ECDSATests"),
    ("challenge-signer-operator", "a challenge signed by a non-operator",
     "Sources/SpottedProtocol/StateDisputeResolver/StateDisputeResolver+Reducer.swift",
     "guard let op = registry.signingKeyOperator[signer] else {",
     "guard let op = registry.signingKeyOperator[signer] ?? Optional(signer) else {", "DisputeTests"),
    # The one owner check every owner-only action calls (LedgerState's private requireOwner before
    # issue 13); it now also guards the bridge, verifier and rewards actions.
    ("owner-only", "owner-only actions from other senders",
     "Sources/SpottedProtocol/Ledger/LedgerGenesis.swift",
     "guard ctx.sender == owner else { throw .ledger(.ownableUnauthorizedAccount(ctx.sender)) }", "",
     "StakeRegistryTests|DisputeTests"),
    ("owner-only-bridges", "bridge configuration from another sender",
     "Sources/SpottedProtocol/RegistryStateSender/RegistryStateSender+Reducer.swift",
     "        try genesis.requireOwner(ctx)\n        guard !bridge.isZero",
     "        guard !bridge.isZero", "CrossChainTests"),
    ("bounded-shares", "an oversized shares list",
     "Sources/SpottedProtocol/DelegationManager/DelegationManager+Reducer.swift",
     "guard list.count <= Limits.maxStrategiesPerEvent else {", "guard true else {", "BoundedInputTests"),
    ("bounded-quorum-lists", "an oversized operators-per-quorum list",
     "Sources/SpottedProtocol/StakeRegistry/StakeRegistry+Reducer.swift",
     "guard perQuorum.count <= Limits.maxQuorumLists else {", "guard true else {", "BoundedInputTests"),
    ("bounded-slashable", "an oversized slashable-strategies list",
     "Sources/SpottedProtocol/StateDisputeResolver/StateDisputeResolver+Reducer.swift",
     "guard list.count <= Limits.maxStrategiesPerEvent else {", "guard true else {", "BoundedInputTests"),
    ("bounded-challenge", "a challenge with too many signatures",
     "Sources/SpottedProtocol/StateDisputeResolver/StateDisputeResolver+Reducer.swift",
     "guard signatures.count <= Limits.maxChallengeSignatures else", "guard true else", "BoundedInputTests"),
    ("bounded-bundle", "a bundle with too many signers",
     "Sources/SpottedProtocol/StakeRegistry/SignatureChecker.swift",
     "guard bundle.operators.count <= Limits.maxBundleSigners else {", "guard true else {", "BoundedInputTests"),
    ("bounded-payload", "an oversized bridge payload",
     "Sources/SpottedProtocol/LightStakeRegistry/ReplicaUpdate.swift",
     "guard payload.count <= Limits.maxPayloadBytes else {", "guard true else {", "BoundedInputTests"),
    ("bounded-batch-set", "an oversized batchSetValues",
     "Sources/SpottedProtocol/StateManager/StateManager+Reducer.swift",
     "guard items.count <= Limits.maxBatchSetValues else", "guard true else", "BoundedInputTests"),
    ("duplicate-action", "an accepted action submitted again",
     "Sources/SpottedLedger/Engine/Engine+Submit.swift",
     "if let latest = latestBlockActions?[action.chainId], latest.block == action.blockNumber,",
     "if false, let latest = latestBlockActions?[action.chainId], latest.block == action.blockNumber,",
     "EngineTests"),
    ("rewards-genesis-timestamp", "a rewards submission starting before GENESIS_REWARDS_TIMESTAMP",
     "Sources/SpottedProtocol/RewardsCoordinator/RewardsCoordinator+Reducer.swift",
     "guard r.startTimestamp >= Self.genesisRewardsTimestampSeconds else", "guard true else",
     "DisputeTests"),
]


def run(command, **kwargs):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)


def failing_tests(output):
    """The names of the tests Swift Testing reports as failed."""
    return sorted({quoted or bare for quoted, bare in re.findall(r'✘ Test (?:"([^"]+)"|(\S+\)))', output)})


def check(mutation):
    name, attack, path, original, mutated, tests = mutation
    full = os.path.join(ROOT, path)
    with open(full) as f:
        source = f.read()
    if source.count(original) != 1:
        return "error", f"snippet occurs {source.count(original)} times in {path}"
    try:
        with open(full, "w") as f:
            f.write(source.replace(original, mutated))
        build = run(["swift", "build", "--build-tests"])
        if build.returncode != 0:
            return "error", "the mutant does not build: " + " ".join(l for l in build.stdout.splitlines() if "error:" in l)[:300]
        result = run(["swift", "test", "--skip-build", "--filter", tests])
        failed = failing_tests(result.stdout + result.stderr)
        if result.returncode == 0:
            return "survived", "every test passed"
        return "killed", "; ".join(failed) if failed else f"test run exited {result.returncode}"
    finally:
        with open(full, "w") as f:
            f.write(source)


def main():
    args = sys.argv[1:]
    if "--list" in args:
        for m in MUTATIONS:
            print(f"{m[0]:28} {m[1]}")
        return 0
    chosen = [m for m in MUTATIONS if not args or m[0] in args]
    unknown = set(args) - {m[0] for m in MUTATIONS}
    if unknown:
        print(f"unknown mutation(s): {', '.join(sorted(unknown))} (see --list)", file=sys.stderr)
        return 2
    print("| defence removed | attack | result | failing tests |\n|---|---|---|---|", flush=True)
    began, survived = time.time(), 0
    for m in chosen:
        status, detail = check(m)
        survived += status != "killed"
        print(f"| {m[0]} | {m[1]} | {status} | {detail} |", flush=True)
    print(f"\n{len(chosen) - survived} of {len(chosen)} mutations killed in {time.time() - began:.0f} s", flush=True)
    # Leave the build matching the sources.
    run(["swift", "build", "--build-tests"])
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Drives `spotted-ledger serve`'s Ethereum JSON-RPC endpoint (issue 16) with web3.py the way the
protocol's testers drive a chain: contract objects at the genesis addresses with the contracts'
ABI files, transactions signed by eth-account (legacy EIP-155 and type 2), AVSDirectory
registration signatures built with eth-account's typed-data encoder. It registers operators,
rotates a signing key, reads weights and thresholds at epochs, checks a signature bundle it
ABI-encodes itself, sets StateManager values, queues and sends a batch and reads the replica's
weights over the replica chain's endpoint, challenges a lie and resolves it — reading every step
back with `contract.events.X.get_logs` — then checks that `verify`, `audit` and `diff --json`
on the same ledger agree with what web3 saw, and every bad input of the issue with its code.

    tools/rpc-web3-test.py path/to/spotted-ledger

The ledger is created in a temporary directory from a few setup actions (`submit --create`: the
genesis, operator shares, the replica chain's initialisation, which no client transaction does);
the server listens on a free loopback port and is stopped by this script, whatever happens.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address
import rlp
from web3 import Web3
from web3.exceptions import BlockNotFound, ContractCustomError, ContractLogicError, TransactionNotFound
from web3.logs import DISCARD

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

Server = import_module("serve-test").Server  # the same start/stop as serve-test.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ABI_DIR = os.path.join(ROOT, "Sources", "SpottedRPC", "ABI", "json")
REFERENCE_ABI_DIR = os.path.join(ROOT, "..", "shared", "reference", "abi")
MAIN, REPLICA = 1, 2
EPOCH_LENGTH_BLOCKS = 20
STRATEGY = "0x000000000000000000000000000000000000000A"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
failures = []


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def named(name):
    """The low 20 bytes of keccak256(name): how the ledger and the genesis defaults place a contract."""
    return to_checksum_address(keccak(text=name)[-20:])


def key(name):
    return Account.from_key(keccak(text="rpc-web3-test/" + name))


_abis = {}


def abi(file):
    """A contract's ABI: the compiled file of the shared reference when it is there (the committed
    copy must equal it), else the committed file (derived ones exist only there)."""
    if file in _abis:
        return _abis[file]
    committed = json.load(open(os.path.join(ABI_DIR, file)))
    reference = os.path.join(REFERENCE_ABI_DIR, file)
    if os.path.exists(reference):
        shared = json.load(open(reference))
        check(f"{file}: the committed ABI is the shared reference's", shared == committed)
        committed = shared
    _abis[file] = committed["abi"] if isinstance(committed, dict) else committed
    return _abis[file]


OWNER = key("owner")
OPERATORS = [key(f"operator-{i}") for i in range(3)]
SIGNING = [key(f"signing-{i}") for i in range(3)]
NEW_SIGNING = key("signing-0-rotated")
USER, CHALLENGER = key("user"), key("challenger")
ADDR = {
    "avsDirectory": named("rpc-web3-test/avs-directory"),
    "serviceManager": named("rpc-web3-test/service-manager"),
    "resolver": named("rpc-web3-test/resolver"),
    "registryStateSender": named("rpc-web3-test/registry-state-sender"),
    "mainAbridge": named("rpc-web3-test/main-abridge"),
    "mainChainVerifier": named("rpc-web3-test/main-chain-verifier"),
    "replicaAbridge": named("rpc-web3-test/replica-abridge"),
    "replicaReceiver": named("rpc-web3-test/replica-receiver"),
    "remoteVerifier": named("rpc-web3-test/remote-verifier"),
}
BRIDGE_FEE_WEI, BOND_WEI = 10**16, 10**18


def setup_actions(now):
    """What no client transaction does: the genesis, the operators' shares (DelegationManager
    input), the replica chain's initialisation and its RemoteChainVerifier."""
    owner = OWNER.address
    genesis = {
        "mainChainId": str(MAIN), "genesisBlock": "1",
        "epochLengthBlocks": str(EPOCH_LENGTH_BLOCKS), "gracePeriodBlocks": "5",
        "avsDirectory": ADDR["avsDirectory"], "serviceManager": ADDR["serviceManager"],
        "resolver": ADDR["resolver"], "owner": owner,
        "registryStateSender": ADDR["registryStateSender"], "bridgeFeeWei": str(BRIDGE_FEE_WEI),
        "mainAbridge": ADDR["mainAbridge"], "mainChainVerifier": ADDR["mainChainVerifier"],
        "challengeBondWei": str(BOND_WEI), "challengeWindowBlocks": "100",
        "slashAmountWad": str(10**17), "quorum": [[STRATEGY, "10000"]],
        "thresholdWeight": "0", "minimumWeight": "0"}

    def action(kind, chain, block, sender, fields):
        return {"kind": kind, "chainId": str(chain), "blockNumber": str(block),
                "timestamp": str(now - 100), "sender": sender, "fields": fields}

    lines = [action("genesis", MAIN, 1, owner, genesis)]
    for i, op in enumerate(OPERATORS):
        lines.append(action("set-operator-shares", MAIN, 2 + i, op.address, {
            "operator": op.address, "shares": [[STRATEGY, str(1000 * (i + 1))]]}))
    lines.append(action("initialize-replica", REPLICA, 1, owner, {
        "abridge": ADDR["replicaAbridge"], "receiver": ADDR["replicaReceiver"]}))
    lines.append(action("deploy-remote-verifier", REPLICA, 2, owner,
                        {"verifier": ADDR["remoteVerifier"]}))
    return lines


class Chain:
    """One network of the ledger: a Web3 over `POST /rpc/{chainId}`, and signed sends."""

    def __init__(self, base, chain_id):
        self.url = f"{base}/rpc/{chain_id}"
        self.chain_id = chain_id
        self.w3 = Web3(Web3.HTTPProvider(self.url, request_kwargs={"timeout": 30}))
        self.type2 = False  # alternates legacy EIP-155 and type 2
        self.sent = []  # (account, eth-account's signed transaction), in order

    def contract(self, address, file):
        return self.w3.eth.contract(address=address, abi=abi(file))

    def signed(self, account, call, value=0, nonce=None, chain_id=None):
        """The raw transaction of `account` calling `call`, legacy and type 2 in turn."""
        tx = {"from": account.address, "value": value, "gas": 500_000,
              "nonce": self.w3.eth.get_transaction_count(account.address) if nonce is None
              else nonce, "chainId": chain_id or self.chain_id}
        if self.type2:
            tip = self.w3.eth.max_priority_fee
            tx.update({"maxPriorityFeePerGas": tip, "maxFeePerGas": tip * 2, "type": 2})
        else:
            tx["gasPrice"] = self.w3.eth.gas_price
        self.type2 = not self.type2
        signed = account.sign_transaction(call.build_transaction(tx))
        self.sent.append((account, signed))
        return signed.raw_transaction

    def send(self, account, call, value=0):
        """Sends and waits for the receipt (status 1)."""
        tx_hash = self.w3.eth.send_raw_transaction(self.signed(account, call, value))
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)
        assert receipt["status"] == 1, receipt
        return receipt

    def rpc(self, method, params):
        """The raw JSON-RPC answer (for the error cases)."""
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": method, "params": params})
        return post(self.url, body.encode())


def post(url, data):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def registration_signature(op, salt, expiry):
    """The AVSDirectory registration signature, by eth-account's EIP-712 encoder."""
    typed = {
        "types": {
            "EIP712Domain": [{"name": "name", "type": "string"},
                             {"name": "chainId", "type": "uint256"},
                             {"name": "verifyingContract", "type": "address"}],
            "OperatorAVSRegistration": [{"name": "operator", "type": "address"},
                                        {"name": "avs", "type": "address"},
                                        {"name": "salt", "type": "bytes32"},
                                        {"name": "expiry", "type": "uint256"}]},
        "primaryType": "OperatorAVSRegistration",
        "domain": {"name": "EigenLayer", "chainId": MAIN,
                   "verifyingContract": ADDR["avsDirectory"]},
        "message": {"operator": op.address, "avs": ADDR["serviceManager"], "salt": salt,
                    "expiry": expiry}}
    return op.sign_message(encode_typed_data(full_message=typed)).signature


def state_signature(signer, claim):
    """An operator's signature of a `State` claim under the resolver's EIP-712 domain."""
    typed = {
        "types": {
            "EIP712Domain": [{"name": "name", "type": "string"},
                             {"name": "version", "type": "string"},
                             {"name": "chainId", "type": "uint256"},
                             {"name": "verifyingContract", "type": "address"}],
            "State": [{"name": "user", "type": "address"}, {"name": "chainId", "type": "uint32"},
                      {"name": "blockNumber", "type": "uint64"},
                      {"name": "timestamp", "type": "uint48"},
                      {"name": "key", "type": "uint256"}, {"name": "value", "type": "uint256"}]},
        "primaryType": "State",
        "domain": {"name": "SpottedStateResolver", "version": "1.0.0", "chainId": MAIN,
                   "verifyingContract": ADDR["resolver"]},
        "message": claim}
    return signer.sign_message(encode_typed_data(full_message=typed)).signature


def bundle(digest, signers, epoch):
    """`signatureData` = abi.encode(address[] operators (ascending), bytes[] signatures, uint32)."""
    pairs = sorted(signers, key=lambda p: int(p[0].address, 16))
    return abi_encode(["address[]", "bytes[]", "uint32"], [
        [op.address for op, _ in pairs],
        [bytes(s.unsafe_sign_hash(digest).signature) for _, s in pairs], epoch])


def cli_json(tool, ledger, *args):
    out = subprocess.run([tool, *args, "--ledger", ledger, "--json"], capture_output=True,
                         text=True)
    return json.loads(out.stdout) if out.stdout.strip() else {"exit": out.returncode,
                                                              "stderr": out.stderr}


class Scenario:
    """The protocol driven over JSON-RPC; what web3 saw, for the CLI checks."""

    def __init__(self, base):
        self.main = Chain(base, MAIN)
        self.replica = Chain(base, REPLICA)
        m = self.main
        self.registry = m.contract(named("spotted/ECDSAStakeRegistry"), "ecdsa_stake_registry.json")
        self.epochs = m.contract(named("spotted/EpochManager"), "epoch_manager.json")
        self.state_manager = m.contract(named("spotted/StateManager"), "state_manager.json")
        self.sender = m.contract(ADDR["registryStateSender"], "registry_state_sender.json")
        self.verifier = m.contract(ADDR["mainChainVerifier"], "main_chain_verifier.json")
        self.resolver = m.contract(ADDR["resolver"], "state_dispute_resolver.json")
        r = self.replica
        self.light = r.contract(named("spotted/LightStakeRegistry"), "light_stake_registry.json")
        self.replica_state = r.contract(named("spotted/StateManager"), "state_manager.json")
        self.remote = r.contract(ADDR["remoteVerifier"], "remote_chain_verifier.json")
        self.seen = {}

    def logs(self, contract, event, **filters):
        return list(getattr(contract.events, event).get_logs(from_block=0, **filters))

    def wire(self):
        """The owner connects the bridge and the verifiers and configures the resolver."""
        m = self.main
        m.send(OWNER, self.sender.functions.addBridge(REPLICA, ADDR["replicaAbridge"],
                                                      ADDR["replicaReceiver"]))
        m.send(OWNER, self.verifier.functions.setRemoteVerifier(REPLICA, ADDR["remoteVerifier"]))
        m.send(OWNER, self.resolver.functions.setSlashableStrategies([STRATEGY]))
        check("BridgeModified and RemoteVerifierSet logged",
              len(self.logs(self.verifier, "RemoteVerifierSet")) == 1)
        check("getBridgeInfoByChainId answers the bridge just added",
              self.sender.functions.getBridgeInfoByChainId(REPLICA).call()[0] == ADDR["replicaAbridge"])

    def check_transactions_by_hash(self):
        """eth_getTransactionByHash answers the registrations as eth-account signed them: a
        legacy one (gasPrice, EIP-155 v) and a type 2 one (fee caps, yParity, access list)."""
        m = self.main
        for account, signed in m.sent[-2:]:
            raw = bytes(signed.raw_transaction)
            tx = m.w3.eth.get_transaction(signed.hash)
            receipt = m.w3.eth.get_transaction_receipt(signed.hash)
            same = (tx["hash"] == signed.hash and tx["from"] == account.address
                    and tx["to"] == self.registry.address
                    and int.from_bytes(tx["r"], "big") == signed.r
                    and int.from_bytes(tx["s"], "big") == signed.s and tx["v"] == signed.v
                    and tx["blockNumber"] == receipt["blockNumber"]
                    and tx["blockHash"] == receipt["blockHash"])
            if raw[0] == 2:
                kind = "type 2"
                f = rlp.decode(raw[1:])  # chainId, nonce, tip, maxFee, gas, to, value, data, accessList, …
                same = (same and tx["type"] == 2 and tx["nonce"] == int.from_bytes(f[1], "big")
                        and tx["maxPriorityFeePerGas"] == int.from_bytes(f[2], "big")
                        and tx["maxFeePerGas"] == int.from_bytes(f[3], "big")
                        and tx["gas"] == int.from_bytes(f[4], "big") and bytes(tx["input"]) == f[7]
                        and list(tx["accessList"]) == [] and tx["yParity"] == signed.v)
            else:
                kind = "legacy"
                f = rlp.decode(raw)  # nonce, gasPrice, gas, to, value, data, v, r, s
                same = (same and tx["type"] == 0 and tx["nonce"] == int.from_bytes(f[0], "big")
                        and tx["gasPrice"] == int.from_bytes(f[1], "big")
                        and tx["gas"] == int.from_bytes(f[2], "big") and bytes(tx["input"]) == f[5])
            check(f"eth_getTransactionByHash of a {kind} registration: hash, from, to, nonce, fees, gas, "
                  "input, r, s, v and block as signed and receipted", same, dict(tx))
        try:
            m.w3.eth.get_transaction(b"\x42" * 32)
            check("eth_getTransactionByHash of an unknown hash → null", False, "found")
        except TransactionNotFound:
            check("eth_getTransactionByHash of an unknown hash → null (web3 TransactionNotFound)", True)
        # Blocks and logs by block hash, as indexers ask for them.
        receipt = m.w3.eth.get_transaction_receipt(m.sent[-1][1].hash)
        by_hash = m.w3.eth.get_block(receipt["blockHash"])
        by_number = m.w3.eth.get_block(receipt["blockNumber"])
        check("eth_getBlockByHash answers the block eth_getBlockByNumber does",
              dict(by_hash) == dict(by_number) and by_hash["hash"] == receipt["blockHash"]
              and receipt["transactionHash"] in by_hash["transactions"], dict(by_hash))
        full = m.w3.eth.get_block(receipt["blockHash"], full_transactions=True)
        check("eth_getBlockByHash with full transactions: the transaction objects web3 reads back, "
              "each as eth_getTransactionByHash answers it",
              [t["hash"] for t in full["transactions"]] == list(by_hash["transactions"])
              and all(dict(t) == dict(m.w3.eth.get_transaction(t["hash"])) for t in full["transactions"]),
              dict(full))
        sender = m.sent[-1][1]
        balance = m.w3.eth.get_balance(m.w3.eth.get_transaction(sender.hash)["from"])
        history = m.w3.eth.fee_history(3, "latest", [25, 75])
        head = m.w3.eth.block_number
        check("eth_getBalance (0: nothing is charged) and eth_feeHistory as web3 reads them: "
              "3 blocks ending at the head, base fee for each and the next, ratios, rewards per percentile",
              balance == 0 and history["oldestBlock"] == head - 2 and len(history["baseFeePerGas"]) == 4
              and len(history["gasUsedRatio"]) == 3 and all(len(r) == 2 for r in history["reward"])
              and history["baseFeePerGas"][0] == m.w3.eth.gas_price, dict(history))
        logs = m.w3.eth.get_logs({"blockHash": receipt["blockHash"]})
        check("eth_getLogs with blockHash: that block's logs, those of its receipt",
              [(l["transactionHash"], l["logIndex"]) for l in logs]
              == [(l["transactionHash"], l["logIndex"]) for l in receipt["logs"]] and logs, logs)
        try:
            m.w3.eth.get_block(b"\x42" * 32)
            check("eth_getBlockByHash of an unknown hash → null", False, "found")
        except BlockNotFound:
            check("eth_getBlockByHash of an unknown hash → null (web3 BlockNotFound)", True)
        answer = m.rpc("eth_getLogs", [{"blockHash": "0x" + "42" * 32}])
        check("eth_getLogs with an unknown blockHash → -32602 naming filter.blockHash",
              answer.get("error", {}).get("code") == -32602
              and "filter.blockHash" in answer["error"].get("message", ""), answer)
        answer = m.rpc("eth_getLogs", [{"blockHash": receipt["blockHash"].to_0x_hex(), "fromBlock": "0x0"}])
        check("eth_getLogs with blockHash and fromBlock → -32602",
              answer.get("error", {}).get("code") == -32602, answer)

    def register(self):
        """Each operator registers with its AVSDirectory signature; weights take effect next epoch."""
        m = self.main
        expiry = int(time.time()) + 3600
        for i, op in enumerate(OPERATORS):
            salt = keccak(text=f"salt-{i}")
            sig = registration_signature(op, salt, expiry)
            receipt = m.send(op, self.registry.functions.registerOperatorWithSignature(
                (sig, salt, expiry), SIGNING[i].address, op.address))
            events = self.registry.events.OperatorRegistered().process_receipt(receipt, errors=DISCARD)
            check(f"operator {i}: OperatorRegistered in its receipt (signing key in the data)",
                  len(events) == 1 and events[0]["args"]["_operator"] == op.address
                  and events[0]["args"]["_signingKey"] == SIGNING[i].address, events)
        self.check_transactions_by_hash()
        epoch = self.epochs.functions.currentEpoch().call()
        registered = self.logs(self.registry, "OperatorRegistered")
        check("get_logs: three OperatorRegistered", len(registered) == 3, registered)
        weights = self.logs(self.registry, "OperatorWeightUpdated")
        got = sorted((e["args"]["_operator"], e["args"]["oldWeight"], e["args"]["newWeight"])
                     for e in weights)
        check("get_logs: OperatorWeightUpdated 0 → shares for each operator (prior state)",
              got == sorted((op.address, 0, 1000 * (i + 1)) for i, op in enumerate(OPERATORS)), got)
        totals = [e["args"]["newTotalWeight"] for e in self.logs(self.registry, "TotalWeightUpdated")]
        check("get_logs: TotalWeightUpdated up to 6000", totals[-1:] == [6000], totals)
        queued = self.logs(self.epochs, "StateUpdateQueued")
        check("get_logs: a StateUpdateQueued per registration, for the next epoch",
              len(queued) >= 3 and all(e["args"]["epoch"] == epoch + 1 for e in queued), queued)
        self.seen["registeredEpoch"] = epoch

    def advance(self):
        m = self.main
        before = self.epochs.functions.currentEpoch().call()
        receipt = m.send(OWNER, self.epochs.functions.advanceEpoch())
        advanced = self.epochs.events.EpochAdvanced().process_receipt(receipt, errors=DISCARD)
        check(f"advanceEpoch {before} → {before + 1}: EpochAdvanced in the receipt",
              self.epochs.functions.currentEpoch().call() == before + 1
              and advanced[0]["args"]["epoch"] == before + 1, advanced)
        return before + 1

    def weights_and_thresholds(self):
        m = self.main
        e0 = self.seen["registeredEpoch"]
        m.send(OWNER, self.registry.functions.updateStakeThreshold(2500))
        check("ThresholdWeightUpdated(2500) logged",
              [e["args"]["_thresholdWeight"] for e in self.logs(self.registry, "ThresholdWeightUpdated")] == [2500])
        e1 = self.advance()
        f = self.registry.functions
        got = [f.getOperatorWeightAtEpoch(op.address, e1).call() for op in OPERATORS]
        check(f"weights at epoch {e1}: 1000, 2000, 3000; none at epoch {e0}",
              got == [1000, 2000, 3000] and f.getOperatorWeightAtEpoch(OPERATORS[0].address, e0).call() == 0, got)
        check(f"total weight at epoch {e1}: 6000", f.getTotalWeightAtEpoch(e1).call() == 6000)
        check(f"threshold at epoch {e1}: 2500", f.getThresholdWeightAtEpoch(e1).call() == 2500,
              f.getThresholdWeightAtEpoch(e1).call())
        self.seen["weightsEpoch"] = e1
        self.seen["weights"] = {op.address: w for op, w in zip(OPERATORS, got)}

    def rotate(self):
        """Operator 0 rotates its signing key: the old key holds this epoch, the new one the next."""
        m = self.main
        op = OPERATORS[0]
        epoch = self.epochs.functions.currentEpoch().call()
        m.send(op, self.registry.functions.updateOperatorSigningKey(NEW_SIGNING.address))
        f = self.registry.functions
        now_key = f.getOperatorSigningKeyAtEpoch(op.address, epoch).call()
        next_key = f.getOperatorSigningKeyAtEpoch(op.address, epoch + 1).call()
        effective = self.epochs.functions.getEffectiveEpoch().call()
        check(f"rotation: epoch {epoch} keeps the old key, epoch {epoch + 1} has the new one "
              f"(getEffectiveEpoch = {effective})",
              now_key == SIGNING[0].address and next_key == NEW_SIGNING.address
              and effective == epoch + 1, (now_key, next_key, effective))
        updates = self.logs(self.registry, "SigningKeyUpdate", argument_filters={"operator": op.address})
        check("get_logs SigningKeyUpdate filtered by operator: old and new key",
              len(updates) == 1 and updates[0]["args"]["oldSigningKey"] == SIGNING[0].address
              and updates[0]["args"]["newSigningKey"] == NEW_SIGNING.address, updates)

    def signatures(self):
        """isValidSignature with a bundle web3 encodes itself, then a bad one."""
        f = self.registry.functions
        epoch = self.seen["weightsEpoch"]
        digest = keccak(text="rpc-web3-test/digest")
        good = bundle(digest, list(zip(OPERATORS, SIGNING)), epoch)
        check("isValidSignature(all three operators) = 0x1626ba7e",
              f.isValidSignature(digest, good).call() == bytes.fromhex("1626ba7e"))
        bad = bundle(digest, [(OPERATORS[0], SIGNING[1]), (OPERATORS[1], SIGNING[1])], epoch)
        selector = keccak(text="InvalidSignature()")[:4]
        try:
            f.isValidSignature(digest, bad).call()
            check("isValidSignature with a wrong signer reverts", False, "no revert")
        except (ContractCustomError, ContractLogicError) as e:
            data = e.data if isinstance(e.data, str) else ""
            check("isValidSignature with a wrong signer reverts with InvalidSignature()",
                  data.lower() == "0x" + selector.hex(), data)

    def values(self):
        m, r = self.main, self.replica
        m.send(USER, self.state_manager.functions.setValue(1, 100))
        m.send(USER, self.state_manager.functions.batchSetValues([(2, 200), (3, 300)]))
        receipt = r.send(USER, self.replica_state.functions.setValue(7, 700))
        self.seen["replicaValueBlock"] = receipt["blockNumber"]
        self.seen["replicaValueTimestamp"] = r.w3.eth.get_block(receipt["blockNumber"])["timestamp"]
        got = self.state_manager.functions.getCurrentValue(USER.address, 2).call()
        check("StateManager values read back (main: key 2 = 200)", got == 200, got)
        committed = self.logs(self.state_manager, "HistoryCommitted", argument_filters={"user": USER.address})
        check("get_logs HistoryCommitted on the main chain: keys 1, 2, 3",
              [e["args"]["key"] for e in committed] == [1, 2, 3], committed)
        on_replica = self.logs(self.replica_state, "HistoryCommitted")
        check("get_logs HistoryCommitted on the replica chain: key 7 only",
              [e["args"]["key"] for e in on_replica] == [7], on_replica)

    def batches(self):
        """Send the next epoch's batch to the replica; the relay delivers it; read its weights."""
        m = self.main
        epoch = self.epochs.functions.currentEpoch().call()
        receipt = m.send(USER, self.epochs.functions.sendStateUpdates(REPLICA), value=BRIDGE_FEE_WEI)
        sent = self.epochs.events.StateUpdatesSent().process_receipt(receipt, errors=DISCARD)
        check(f"sendStateUpdates during epoch {epoch}: StateUpdatesSent(epoch {epoch + 1}) in the receipt",
              len(sent) == 1 and sent[0]["args"]["epoch"] == epoch + 1, sent)
        self.seen["sentEpoch"] = epoch + 1
        light = self.light.functions
        got = {op.address: light.getLastCheckpointOperatorWeight(op.address).call()
               for op in OPERATORS}
        check("replica chain: the relayed batch's weights = the main registry's", got == {
            op.address: self.registry.functions.getOperatorWeight(op.address).call() for op in OPERATORS}, got)
        self.seen["replicaWeights"] = got

    def compare_replica(self):
        """What differs between the main registry at the sent epoch and the replica, seen by web3."""
        epoch, f, light = self.seen["sentEpoch"], self.registry.functions, self.light.functions
        differs = set()
        if f.getThresholdWeightAtEpoch(epoch).call() != light.getLastCheckpointThresholdWeight().call():
            differs.add("threshold")
        if f.getTotalWeightAtEpoch(epoch).call() != light.getLastCheckpointTotalWeight().call():
            differs.add("totalWeight")
        if any(f.getOperatorWeightAtEpoch(op.address, epoch).call()
               != light.getLastCheckpointOperatorWeight(op.address).call() for op in OPERATORS):
            differs.add("weight")
        self.seen["web3Differences"] = sorted(differs)

    def challenge(self):
        """Operators 1 and 2 sign a false value of the replica's key 7; challenge, verify, resolve."""
        m, r = self.main, self.replica
        claim = {"user": USER.address, "chainId": REPLICA, "blockNumber": self.seen["replicaValueBlock"],
                 "timestamp": self.seen["replicaValueTimestamp"], "key": 7, "value": 701}
        signatures = [state_signature(SIGNING[i], claim) for i in (1, 2)]
        state = (claim["user"], claim["chainId"], claim["blockNumber"], claim["timestamp"],
                 claim["key"], claim["value"])
        receipt = m.send(CHALLENGER, self.resolver.functions.submitChallenge(state, signatures), value=BOND_WEI)
        submitted = self.resolver.events.ChallengeSubmitted().process_receipt(receipt, errors=DISCARD)
        self.seen["submitTx"] = "0x" + bytes(receipt["transactionHash"]).hex()
        challenge_id = submitted[0]["args"]["challengeId"] if submitted else b""
        check("ChallengeSubmitted in the receipt, by the challenger",
              len(submitted) == 1 and submitted[0]["args"]["challenger"] == CHALLENGER.address, submitted)
        r.send(CHALLENGER, self.remote.functions.verifyState(USER.address, 7, claim["blockNumber"]),
               value=BRIDGE_FEE_WEI)
        verified = self.verifier.functions.getVerifiedState(REPLICA, USER.address, 7, claim["blockNumber"]).call()
        check("the relay delivered the verification: MainChainVerifier holds 700", 700 in (
            verified if isinstance(verified, (list, tuple)) else [verified]), verified)
        receipt = m.send(CHALLENGER, self.resolver.functions.resolveChallenge(challenge_id))
        resolved = self.resolver.events.ChallengeResolved().process_receipt(receipt, errors=DISCARD)
        self.seen["resolveTx"] = "0x" + bytes(receipt["transactionHash"]).hex()
        check("ChallengeResolved(successful) in the receipt (prior state)",
              len(resolved) == 1 and resolved[0]["args"]["successful"] is True, resolved)
        self.seen["challengeId"] = "0x" + bytes(challenge_id).hex()
        self.seen["challengeSuccessful"] = bool(resolved and resolved[0]["args"]["successful"])


def error_of(answer):
    return answer.get("error") or {}


def check_error(name, answer, code, *words):
    e = error_of(answer)
    check(f"{name} → {code}" + (f" naming {', '.join(words)}" if words else ""),
          e.get("code") == code and all(w in e.get("message", "") for w in words), answer)


def high_s(raw):
    """The same legacy transaction with s replaced by n − s (and v flipped): still a valid
    signature for secp256k1, refused by Ethereum since EIP-2."""
    fields = rlp.decode(raw)
    v = int.from_bytes(fields[6], "big")
    s = int.from_bytes(fields[8], "big")
    fields[6] = (v + 1 if v % 2 == 1 else v - 1).to_bytes(32, "big").lstrip(b"\0")
    fields[8] = (SECP256K1_N - s).to_bytes(32, "big").lstrip(b"\0")
    return rlp.encode(fields)


def check_bad_input(sc):
    """The issue's "Bad input" list, each with its JSON-RPC error code."""
    m = sc.main
    check_error("invalid JSON", post(m.url, b"{nope"), -32700)
    check_error("unknown method", m.rpc("eth_mine", []), -32601, "eth_mine")
    check_error("eth_call without params", m.rpc("eth_call", []), -32602)
    check_error("bad hex", m.rpc("eth_sendRawTransaction", ["0xzz"]), -32602, "transaction")
    check_error("bad RLP", m.rpc("eth_sendRawTransaction", ["0xf8ff00"]), -32602, "transaction")
    check_error("transaction type 3", m.rpc("eth_sendRawTransaction", ["0x03c0"]), -32602, "transaction")
    m.type2 = False
    legacy = m.signed(USER, sc.state_manager.functions.setValue(50, 1))
    check_error("signature with high s", m.rpc("eth_sendRawTransaction", ["0x" + high_s(legacy).hex()]),
                -32602, "transaction")
    other = m.signed(USER, sc.state_manager.functions.setValue(51, 1), chain_id=5)
    check_error("chain id of another network (replay from chain 5)",
                m.rpc("eth_sendRawTransaction", ["0x" + other.hex()]), -32000, "chainId")
    answer = m.rpc("eth_call", [{"to": sc.registry.address, "data": "0xdeadbeef"}, "latest"])
    check("unknown selector → code 3 with data 0x (a contract without that function)",
          error_of(answer).get("code") == 3 and error_of(answer).get("data") == "0x", answer)
    nonce = m.w3.eth.get_transaction_count(USER.address)
    low = m.signed(USER, sc.state_manager.functions.setValue(52, 1), nonce=nonce - 1)
    check_error("nonce too low", m.rpc("eth_sendRawTransaction", ["0x" + low.hex()]), -32000, "nonce too low")
    high = m.signed(USER, sc.state_manager.functions.setValue(53, 1), nonce=nonce + 1)
    check_error("nonce too high", m.rpc("eth_sendRawTransaction", ["0x" + high.hex()]), -32000, "nonce too high")
    included = m.signed(USER, sc.state_manager.functions.setValue(54, 1))
    first = m.rpc("eth_sendRawTransaction", ["0x" + included.hex()])
    check("a fresh transaction is included", "result" in first, first)
    check_error("replay of the included transaction", m.rpc("eth_sendRawTransaction", ["0x" + included.hex()]),
                -32000, "already known")
    r = sc.replica
    # updateOperators calldata to the replica's LightStakeRegistry: written only by its receiver.
    unsigned = {"nonce": r.w3.eth.get_transaction_count(OWNER.address), "gasPrice": r.w3.eth.gas_price,
                "gas": 500_000, "to": sc.light.address, "value": 0, "chainId": REPLICA,
                "data": sc.registry.functions.updateOperators([OPERATORS[0].address])._encode_transaction_data()}
    raw = OWNER.sign_transaction(unsigned).raw_transaction
    answer = r.rpc("eth_sendRawTransaction", ["0x" + raw.hex()])
    check("a replica-chain registry write (only the bridge does it) is refused, naming the bridge",
          error_of(answer).get("code") == -32000 and "bridge" in error_of(answer).get("message", ""),
          answer)


def check_cli(tool, ledger, sc):
    """verify, audit and diff on the same ledger agree with what web3 saw."""
    verify = cli_json(tool, ledger, "verify")
    head = sc.seen.get("head")
    audit = cli_json(tool, ledger, "audit", "--challenge", sc.seen.get("challengeId", ""))
    resolution = audit.get("resolution") or {}
    check("audit --json: the challenge web3 resolved, with the outcome web3 saw",
          audit.get("challenge", "").lower() == sc.seen.get("challengeId", "").lower()
          and resolution.get("successful") == sc.seen.get("challengeSuccessful"), str(audit)[:600])
    stored = [(t["step"], t["transactionHash"]) for t in audit.get("transactions", [])]
    check("audit --json: the raw transactions of the submission and the resolution, with the "
          "hashes web3 got", stored == [("submit-challenge", sc.seen.get("submitTx")),
                                        ("resolve-challenge", sc.seen.get("resolveTx"))], stored)
    diff = cli_json(tool, ledger, "diff", "--chain", str(REPLICA))
    epoch = sc.seen.get("sentEpoch")
    row = [r for r in diff.get("results", []) if r.get("epoch") == epoch]
    fields = {d["field"] for r in row for d in r.get("differences", [])}
    expected = set(sc.seen.get("web3Differences", ["?"]))
    check(f"diff --json --chain {REPLICA} at the sent epoch {epoch}: the fields that differ are "
          f"those web3 saw differ between the two endpoints ({sorted(expected)})",
          len(row) == 1 and fields == expected, str(row)[:600])
    check(f"verify --json: {verify.get('events')} events, head {str(verify.get('headHash'))[:10]}…",
          verify.get("valid") is True and verify.get("problem") is None, verify)
    check(f"eth_blockNumber {head} is the main chain's last block in events --json",
          head == max(int(e["blockNumber"]) for e in cli_json(tool, ledger, "events", "--limit", "100000")
                      if e["chainId"] == str(MAIN)))
    return verify, audit, diff


def main():
    tool = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as work:
        ledger = os.path.join(work, "ledger")
        actions = os.path.join(work, "setup.jsonl")
        with open(actions, "w") as f:
            f.writelines(json.dumps(a) + "\n" for a in setup_actions(int(time.time())))
        out = subprocess.run([tool, "submit", "--create", "--ledger", ledger, actions],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"setup refused: {out.stdout} {out.stderr}")
        server = Server(tool, ledger)
        try:
            sc = Scenario(server.base)
            check("eth_chainId / net_version", sc.main.w3.eth.chain_id == MAIN
                  and sc.replica.w3.eth.chain_id == REPLICA and sc.main.w3.net.version == str(MAIN))
            for step in (sc.wire, sc.register, sc.batches, sc.weights_and_thresholds, sc.rotate,
                         sc.signatures, sc.values, sc.challenge, sc.compare_replica):
                try:
                    step()
                except Exception as e:  # a step that raises is one failure, the others still run
                    check(f"{step.__name__} ran", False, repr(e)[:800])
            check_bad_input(sc)
            sc.seen["head"] = sc.main.w3.eth.block_number
        finally:
            code = server.stop()
            check("serve stopped cleanly (exit 0)", code == 0, server.log()[-2000:])
        check_cli(tool, ledger, sc)
        restarted = Server(tool, ledger)
        try:
            again = Scenario(restarted.base)
            receipt = again.main.w3.eth.get_transaction_receipt(sc.seen.get("submitTx"))
            check("after a restart, as its first request: the receipt of a transaction sent before it (stored raw "
                  "transaction)", receipt is not None and receipt["status"] == 1
                  and len(receipt["logs"]) >= 1, receipt)
            registered = again.logs(again.registry, "OperatorRegistered")
            check("after a restart: the same logs", len(registered) == 3, registered)
        finally:
            restarted.stop()
    print(f"{len(failures)} failed" if failures else "all rpc-web3 checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

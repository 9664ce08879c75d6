#!/usr/bin/env python3
"""Writes the ABIs of the Spotted contracts that have no compiled ABI file, as JSON ABI data, into
Sources/SpottedRPC/ABI/json/ (then run tools/update-abi-swift to embed them).

Origin: the Solidity sources of Galxe/spotted-protocol at 6de739e (src/avs/LightStakeRegistry.sol and
ILightStakeRegistry.sol, src/avs/RegistryStateSender.sol, src/verifier/StateDisputeResolver.sol,
MainChainVerifier.sol, RemoteChainVerifier.sol and their interfaces), read and re-stated here as
signatures; the ledger's decisions (DESIGN.md) change two things, noted where they apply:
StateDisputeResolver's `State` carries `uint48 timestamp` (the Workflow/29bf984 variant), and the
LightStakeRegistry events are the ones its code emits (spec section 7), not its interface's.

    python3 tools/derive-abis.py
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Sources/SpottedRPC/ABI/json")

QUORUM = {"type": "tuple", "internalType": "struct Quorum", "components": [
    {"name": "strategies", "type": "tuple[]", "internalType": "struct StrategyParams[]", "components": [
        {"name": "strategy", "type": "address", "internalType": "contract IStrategy"},
        {"name": "multiplier", "type": "uint96", "internalType": "uint96"}]}]}
STATE = {"type": "tuple", "internalType": "struct IStateDisputeResolver.State", "components": [
    {"name": "user", "type": "address"}, {"name": "chainId", "type": "uint32"},
    {"name": "blockNumber", "type": "uint64"}, {"name": "timestamp", "type": "uint48"},
    {"name": "key", "type": "uint256"}, {"name": "value", "type": "uint256"}]}


def p(kind, name="", indexed=None):
    item = dict(kind) if isinstance(kind, dict) else {"type": kind}
    item["name"] = name
    item.setdefault("internalType", item["type"])
    if indexed is not None:
        item["indexed"] = indexed
    return item


def fn(name, inputs, outputs=(), mutability="nonpayable"):
    return {"type": "function", "name": name, "inputs": list(inputs), "outputs": list(outputs),
            "stateMutability": mutability}


def view(name, inputs, outputs):
    return fn(name, inputs, outputs, "view")


def event(name, inputs):
    return {"type": "event", "name": name, "inputs": list(inputs), "anonymous": False}


def errors(names):
    return [{"type": "error", "name": n, "inputs": []} for n in names]


def light_stake_registry():
    op, epoch = p("address", "_operator"), p("uint32", "_epochNumber")
    return [
        view("quorum", [], [p(QUORUM)]),
        view("getLastestOperatorSigningKey", [op], [p("address")]),
        view("getOperatorSigningKeyAtEpoch", [op, epoch], [p("address")]),
        view("getLastCheckpointOperatorWeight", [op], [p("uint256")]),
        view("getLastCheckpointTotalWeight", [], [p("uint256")]),
        view("getLastCheckpointThresholdWeight", [], [p("uint256")]),
        view("getOperatorWeightAtEpoch", [op, epoch], [p("uint256")]),
        view("getTotalWeightAtEpoch", [epoch], [p("uint256")]),
        view("getThresholdWeightAtEpoch", [epoch], [p("uint256")]),
        view("operatorRegistered", [op], [p("bool")]),
        view("minimumWeight", [], [p("uint256")]),
        view("isValidSignature", [p("bytes32", "_dataHash"), p("bytes", "_signatureData")], [p("bytes4")]),
        event("OperatorRegistered", [p("address", "operator", True)]),
        event("OperatorDeregistered", [p("address", "operator", True)]),
        event("SigningKeyUpdate", [p("address", "operator", True), p("address", "newSigningKey", True),
                                   p("address", "oldSigningKey", False)]),
        event("P2pKeyUpdate", [p("address", "operator", True), p("address", "newP2pKey", True),
                               p("address", "oldP2pKey", False)]),
        event("QuorumUpdated", [p(QUORUM, "oldQuorum", False), p(QUORUM, "newQuorum", False)]),
        event("ThresholdWeightUpdated", [p("uint256", "newThresholdWeight", False)]),
        event("OperatorsUpdated", [p("address[]", "operators", False), p("uint256[]", "newWeights", False),
                                   p("uint256", "newTotalWeight", False)]),
    ] + errors(["InvalidSender", "InvalidEpoch", "InvalidMessageType", "InvalidLength", "LengthMismatch",
                "InvalidSignature", "InsufficientSignedStake", "NotSorted", "InvalidReferenceEpoch"])


def registry_state_sender():
    chain = p("uint256", "_chainId")
    info = {"type": "tuple", "internalType": "struct IRegistryStateSender.BridgeInfo", "components": [
        {"name": "bridge", "type": "address"}, {"name": "receiver", "type": "address"}]}
    return [
        fn("addBridge", [chain, p("address", "_bridge"), p("address", "_receiver")]),
        fn("removeBridge", [chain]),
        fn("modifyBridge", [chain, p("address", "_newBridge"), p("address", "_newReceiver")]),
        view("getBridgeInfoByChainId", [p("uint256", "chainId")], [p(info)]),
        view("supportedChainIds", [p("uint256", "index")], [p("uint256")]),
        event("BridgeModified", [p("uint256", "chainId", True), p("address", "newBridge", False),
                                 p("address", "newReceiver", False)]),
    ] + errors(["RegistryStateSender__InsufficientFee", "RegistryStateSender__InvalidBridgeInfo",
                "RegistryStateSender__BridgeAlreadyExists", "RegistryStateSender__ChainNotSupported",
                "RegistryStateSender__InvalidSender"])


def state_dispute_resolver():
    challenge = {"type": "tuple", "internalType": "struct IStateDisputeResolver.Challenge", "components": [
        {"name": "challengers", "type": "address[]"}, {"name": "challengedOperators", "type": "address[]"},
        dict(STATE, name="state"), {"name": "resolved", "type": "bool"}]}
    return [
        fn("submitChallenge", [p(STATE, "stateData"), p("bytes[]", "signatures")], mutability="payable"),
        fn("resolveChallenge", [p("bytes32", "challengeId")]),
        fn("claim", []),
        fn("setOperatorSetId", [p("uint32", "newSetId")]),
        fn("setSlashableStrategies", [p("address[]", "strategies")]),
        fn("setSlashAmount", [p("uint256", "newAmount")]),
        view("getChallenge", [p("bytes32", "challengeId")], [p(challenge)]),
        view("claimableAmount", [p("address", "")], [p("uint256")]),
        event("ChallengeSubmitted", [p("bytes32", "challengeId", True), p("address", "challenger", True)]),
        event("ChallengeResolved", [p("bytes32", "challengeId", True), p("bool", "successful", False)]),
        event("OperatorSlashed", [p("address", "operator", False), p("bytes32", "challengeId", False)]),
        event("SlashingFailed", [p("address", "operator", False), p("bytes32", "challengeId", False)]),
        event("ClaimProcessed", [p("address", "user", True), p("uint256", "amount", False)]),
        event("OperatorSetIdUpdated", [p("uint32", "newSetId", False)]),
        event("SlashableStrategiesUpdated", [p("address[]", "strategies", False)]),
        event("SlashAmountUpdated", [p("uint256", "newAmount", False)]),
    ] + errors(["StateDisputeResolver__" + n for n in [
        "InsufficientBond", "NoSignatures", "TooManySignatures", "InvalidSignature", "AlreadyChallenged",
        "ChallengeAlreadyResolved", "NoChallengers", "StateNotVerified", "NoFundsToClaim", "TransferFailed",
        "EmptyStrategiesArray", "InvalidSlashAmount"]])


def main_chain_verifier():
    return [
        fn("setRemoteVerifier", [p("uint256", "chainId"), p("address", "verifier")]),
        view("getVerifiedState", [p("uint256", "chainId"), p("address", "user"), p("uint256", "key"),
                                  p("uint256", "blockNumber")], [p("uint256", "value"), p("bool", "exist")]),
        view("remoteVerifiers", [p("uint256", "chainId")], [p("address")]),
        view("isRemoteVerifier", [p("address", "verifier")], [p("bool")]),
        event("StateVerified", [p("uint256", "chainId", True), p("address", "user", True),
                                p("uint256", "key", True), p("uint256", "blockNumber", False),
                                p("uint256", "value", False)]),
        event("RemoteVerifierSet", [p("uint256", "chainId", True), p("address", "verifier", False)]),
    ] + errors(["MainChainVerifier__OnlyAbridge", "MainChainVerifier__InvalidResponse",
                "MainChainVerifier__UnauthorizedRemoteVerifier"])


def remote_chain_verifier():
    return [
        fn("verifyState", [p("address", "user"), p("uint256", "key"), p("uint256", "blockNumber")],
           mutability="payable"),
        view("mainChainId", [], [p("uint256")]),
        view("mainChainVerifier", [], [p("address")]),
        event("VerificationProcessed", [p("address", "user", True), p("uint256", "key", True),
                                        p("uint256", "blockNumber", False), p("uint256", "value", False)]),
    ] + errors(["RemoteChainVerifier__" + n for n in [
        "InvalidResponse", "StateManagerNotSet", "InvalidMainChainId", "StateNotFound", "InsufficientFee",
        "BlockNumberTooHigh"]])


for name, build in [("light_stake_registry", light_stake_registry), ("registry_state_sender", registry_state_sender),
                    ("state_dispute_resolver", state_dispute_resolver), ("main_chain_verifier", main_chain_verifier),
                    ("remote_chain_verifier", remote_chain_verifier)]:
    with open(os.path.join(OUT, name + ".json"), "w") as out:
        json.dump(build(), out, indent=2)
        out.write("\n")

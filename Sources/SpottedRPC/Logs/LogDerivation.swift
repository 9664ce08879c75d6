import Ethereum
import EventLog
import SpottedProtocol

/// The place of a ledger entry: what a log and a receipt name.
struct LoggedEntry: Sendable, Hashable {
    let sequence: UInt64
    let chainId: UInt64
    let blockNumber: UInt64
    let timestamp: UInt64
    let sender: Address
    let hash: Word

    init(_ envelope: Envelope) {
        sequence = envelope.sequence
        chainId = envelope.record.chainId
        blockNumber = envelope.record.blockNumber
        timestamp = envelope.record.timestamp
        sender = envelope.record.sender
        hash = envelope.hash
    }
}

/// Derives the Ethereum logs of a ledger entry from the entry alone and the state's checkpoints,
/// so every node of a ledger derives the same logs for the same log (docs/jsonrpc.md lists which
/// events are derived).
struct LogDerivation {
    let calls: ContractCalls
    let addresses: ContractAddresses
    let genesis: LedgerGenesis
    let clock: EpochClock

    /// One event a contract emits: the contract, the event's name, its values in input order.
    typealias Emission = (contract: RPCContract, name: String, values: [ABIValue])

    /// The logs of `event`, logged as `entry`; `state` is the ledger's latest state (for the
    /// previous value of a key rotation, found by sequence in its checkpoints); `prior` the
    /// entry's emissions that needed the state before it (``PriorStateLogIndex``), logged after
    /// the entry's own.
    func logs(
        of event: ProtocolEvent, entry: LoggedEntry, state: LedgerState, prior: [Emission] = []
    ) -> [EthereumLog] {
        var out = [EthereumLog]()
        let emissions =
            (registryEmissions(of: event, entry: entry, state: state)
                ?? otherEmissions(of: event, entry: entry)) + prior
        for emission in emissions {
            guard let abiEvent = calls.abis[emission.contract]?.event(named: emission.name),
                let address = addresses.address(of: emission.contract, chainId: entry.chainId),
                let log = Self.encode(
                    abiEvent, emission.values, address: address,
                    entry: entry, index: out.count)
            else { continue }
            out.append(log)
        }
        return out
    }

    /// The ECDSAStakeRegistry's events, or nil when `event` is not one of its writes.
    func registryEmissions(of event: ProtocolEvent, entry: LoggedEntry, state: LedgerState)
        -> [Emission]?
    {
        let sender = ABIValue.address(entry.sender)
        let block = ABIValue.uint(UInt256(entry.blockNumber))
        let record = state.stakeRegistry.operators[entry.sender]
        switch event {
        case .registerOperator(_, let signingKey, let p2pKey):
            return [
                (
                    .stakeRegistry, "OperatorRegistered",
                    [
                        sender, block, .address(p2pKey), .address(signingKey),
                        .address(genesis.serviceManager),
                    ]
                )
            ]
        case .deregisterOperator:
            return [
                (
                    .stakeRegistry, "OperatorDeregistered",
                    [sender, block, .address(genesis.serviceManager)]
                )
            ]
        case .updateOperatorSigningKey(let key):
            let old = Self.previous(record?.signingKey, before: entry.sequence) ?? .zero
            return [(.stakeRegistry, "SigningKeyUpdate", [sender, .address(key), .address(old)])]
        case .updateOperatorP2pKey(let key):
            let old = Self.previous(record?.p2pKey, before: entry.sequence) ?? .zero
            return [(.stakeRegistry, "P2pKeyUpdate", [sender, .address(key), .address(old)])]
        case .updateStakeThreshold(let weight):
            return [(.stakeRegistry, "ThresholdWeightUpdated", [.uint(weight)])]
        default: return nil
        }
    }

    /// The StateManager's, EpochManager's, resolver's and verifier's events.
    func otherEmissions(of event: ProtocolEvent, entry: LoggedEntry) -> [Emission] {
        let sender = ABIValue.address(entry.sender)
        let block = ABIValue.uint(UInt256(entry.blockNumber))
        let timestamp = ABIValue.uint(UInt256(entry.timestamp))
        switch event {
        case .setValue(let key, let value):
            return [
                (
                    .stateManager, "HistoryCommitted",
                    [sender, .uint(key), .uint(value), timestamp, block]
                )
            ]
        case .batchSetValues(let pairs):
            return pairs.map {
                (
                    .stateManager, "HistoryCommitted",
                    [sender, .uint($0.key), .uint($0.value), timestamp, block]
                )
            }
        case .epochTransition(let epoch):
            let interval = clock.interval(of: epoch)
            let values: [ABIValue] = [
                .uint(UInt256(UInt64(epoch))), .uint(UInt256(interval.start)),
                .uint(UInt256(interval.end)),
            ]
            return [(.epochManager, "EpochAdvanced", values)]
        case .submitChallenge(let claim, _, _):
            return [
                (
                    .stateDisputeResolver, "ChallengeSubmitted",
                    [.fixedBytes(claim.taskId.bytes), sender]
                )
            ]
        case .setRemoteVerifier(let chainId, let verifier):
            return [
                (
                    .mainChainVerifier, "RemoteVerifierSet",
                    [.uint(UInt256(chainId)), .address(verifier)]
                )
            ]
        default: return []
        }
    }

    /// The value written before `sequence` (the latest checkpoint logged earlier).
    static func previous(_ checkpoints: EpochCheckpoints<Address>?, before sequence: UInt64)
        -> Address?
    {
        checkpoints?.entries.last { $0.sequence < sequence }?.value
    }

    /// The log of `event` with `values` in input order: indexed static values become topics, the
    /// others the ABI-encoded data.
    static func encode(
        _ event: ContractABI.Event, _ values: [ABIValue], address: Address, entry: LoggedEntry,
        index: Int
    ) -> EthereumLog? {
        guard values.count == event.inputs.count else { return nil }
        var topics = [event.topic]
        var dataValues = [ABIValue]()
        var dataTypes = [ABIType]()
        for (i, value) in values.enumerated() {
            if event.indexed[i] {
                guard !event.inputs[i].isDynamic,
                    let word = try? ABI.encode([value], as: [event.inputs[i]])
                else {
                    return nil
                }
                topics.append(word.withUnsafeBytes { Word(loading: $0) })
            } else {
                dataValues.append(value)
                dataTypes.append(event.inputs[i])
            }
        }
        guard let data = try? ABI.encode(dataValues, as: dataTypes) else { return nil }
        return EthereumLog(
            address: address, topics: topics, data: data, chainId: entry.chainId,
            blockNumber: entry.blockNumber, sequence: entry.sequence, entryHash: entry.hash,
            indexInEntry: index)
    }
}

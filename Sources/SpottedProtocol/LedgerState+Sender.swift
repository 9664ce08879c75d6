import Ethereum

/// RegistryStateSender configuration and EpochManager `sendStateUpdates` (spec §3, §5; D8, D10).
extension LedgerState {
    mutating func addBridge(_ chainId: UInt64, bridge: Address, receiver: Address, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard !bridge.isZero, !receiver.isZero else { throw .invalidBridgeInfo("bridge and receiver must be non-zero") }
        guard chainId != genesis.mainChainId else { throw .invalidBridgeInfo("chain \(chainId) is the main chain") }
        guard bridges[chainId] == nil else { throw .bridgeAlreadyExists(chainId: chainId) }
        bridges[chainId] = BridgeRoute(bridge: bridge, receiver: receiver)
    }

    mutating func modifyBridge(_ chainId: UInt64, bridge: Address, receiver: Address, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard bridges[chainId] != nil else { throw .chainNotSupported(chainId: chainId) }
        guard !bridge.isZero, !receiver.isZero else { throw .invalidBridgeInfo("bridge and receiver must be non-zero") }
        bridges[chainId] = BridgeRoute(bridge: bridge, receiver: receiver)
    }

    mutating func removeBridge(_ chainId: UInt64, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard bridges[chainId] != nil else { throw .chainNotSupported(chainId: chainId) }
        bridges[chainId] = nil
    }

    /// Sends batch `current + 1` to `chainId`: `abi.encode(uint256 epoch, (uint8,bytes)[] updates)`.
    mutating func sendStateUpdates(_ chainId: UInt64, value: UInt256, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        let target = currentEpoch + 1
        guard let route = bridges[chainId] else { throw .chainNotSupported(chainId: chainId) }
        let key = BatchKey(epoch: target, chainId: chainId)
        guard sentBatches[key] == nil else { throw .stateUpdatesAlreadySent(epoch: target, chainId: chainId) }
        guard value >= genesis.bridgeFee else { throw .insufficientFee(sent: value, required: genesis.bridgeFee) }
        let payload = Self.batchPayload(epoch: target, updates: queue[target] ?? [])
        let nonce = bridgeNonces[chainId] ?? 0
        let guid = Self.messageGuid(source: genesis.mainChainId, destination: chainId, nonce: nonce,
                                    from: genesis.registryStateSender, to: route.receiver, payload: payload)
        messages[guid] = BridgeMessage(sourceChainId: genesis.mainChainId, destinationChainId: chainId,
                                       from: genesis.registryStateSender, to: route.receiver, payload: payload,
                                       fee: genesis.bridgeFee, surplus: value.subtractingReportingOverflow(genesis.bridgeFee).partialValue,
                                       sentSequence: ctx.sequence, deliveredSequence: nil)
        bridgeNonces[chainId] = nonce + 1
        sentBatches[key] = guid
    }

    /// At the start of epoch `epoch`, every configured chain that was not sent batch `epoch`
    /// during the previous epoch can never receive it: record it.
    mutating func recordMissedBatches(enteringEpoch epoch: UInt32) {
        for chainId in bridges.keys where sentBatches[BatchKey(epoch: epoch, chainId: chainId)] == nil {
            missedBatches.insert(BatchKey(epoch: epoch, chainId: chainId))
        }
    }

    /// The batch as RegistryStateSender encodes it.
    public static func batchPayload(epoch: UInt32, updates: [StateUpdate]) -> [UInt8] {
        let values: [ABIValue] = [.uint(UInt256(UInt64(epoch))),
                                  .array(updates.map { .tuple([.uint(UInt256(UInt64($0.type.rawValue))), .bytes($0.data)]) })]
        guard let bytes = try? ABI.encode(values, as: batchTypes) else { preconditionFailure("batch types are fixed") }
        return bytes
    }

    static let batchTypes: [ABIType] = [.uint256, .array(.tuple([.uint(8), .bytes]))]

    /// keccak256(abi.encodePacked(uint64 source, uint64 destination, uint64 nonce, address from,
    /// address to, bytes32 keccak256(payload))): unique per route and send, the same on replay.
    public static func messageGuid(source: UInt64, destination: UInt64, nonce: UInt64, from: Address, to: Address, payload: [UInt8]) -> Word {
        var bytes = [UInt8]()
        bytes.reserveCapacity(96)
        for v in [source, destination, nonce] { withUnsafeBytes(of: v.bigEndian) { bytes += $0 } }
        from.append(to: &bytes)
        to.append(to: &bytes)
        Keccak256.hash(payload).append(to: &bytes)
        return Keccak256.hash(bytes)
    }
}

import Ethereum

/// RemoteChainVerifier (destination chains) and MainChainVerifier (main chain), spec §12.1 with D7.
extension LedgerState {
    static let verificationTypes: [ABIType] = [.uint256, .address, .uint256, .uint256, .uint256, .bool]

    mutating func deployRemoteVerifier(_ address: Address, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        guard !address.isZero else { throw .invalidBridgeInfo("verifier address must be non-zero") }
        remoteVerifierContracts[ctx.chainId] = address
    }

    mutating func setRemoteVerifier(_ chainId: UInt64, _ verifier: Address, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard ctx.sender == genesis.owner else { throw .ownableUnauthorizedAccount(ctx.sender) }
        remoteVerifiers[chainId] = verifier
    }

    /// Reads the StateManager history on this chain and sends the value to the main chain.
    mutating func verifyState(user: Address, key: UInt256, blockNumber: UInt64, value: UInt256,
                              _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        guard let verifier = remoteVerifierContracts[ctx.chainId] else { throw .remoteVerifierNotDeployed(chainId: ctx.chainId) }
        guard blockNumber <= ctx.blockNumber else { throw .blockNumberTooHigh(requested: blockNumber, current: ctx.blockNumber) }
        let entry = try historyAtBlock(HistoryKey(chainId: ctx.chainId, user: user, key: key), block: blockNumber)
        guard value >= genesis.bridgeFee else { throw .insufficientFee(sent: value, required: genesis.bridgeFee) }
        // D7: the first field names the chain the value was read on.
        guard let payload = try? ABI.encode([.uint(UInt256(ctx.chainId)), .address(user), .uint(key), .uint(UInt256(blockNumber)),
                                             .uint(entry.value), .bool(true)], as: Self.verificationTypes) else {
            preconditionFailure("verification types are fixed")
        }
        let nonce = bridgeNonces[genesis.mainChainId] ?? 0
        let guid = Self.messageGuid(source: ctx.chainId, destination: genesis.mainChainId, nonce: nonce,
                                    from: verifier, to: genesis.mainChainVerifier, payload: payload)
        messages[guid] = BridgeMessage(sourceChainId: ctx.chainId, destinationChainId: genesis.mainChainId, from: verifier,
                                       to: genesis.mainChainVerifier, payload: payload, fee: genesis.bridgeFee,
                                       surplus: value.subtractingReportingOverflow(genesis.bridgeFee).partialValue,
                                       sentSequence: ctx.sequence, deliveredSequence: nil)
        bridgeNonces[genesis.mainChainId] = nonce + 1
    }

    /// The main-chain Abridge delivers a verification result to MainChainVerifier.handleMessage.
    mutating func deliverVerification(_ d: BridgeDelivery, _ ctx: EventContext, _ genesis: LedgerGenesis) throws(ProtocolError) {
        var message = try sentMessage(matching: d, on: ctx.chainId)
        guard ctx.sender == genesis.mainAbridge else { throw .onlyAbridge(ctx.sender) }
        guard d.to == genesis.mainChainVerifier else { throw .invalidSender("message is for \(d.to), not the MainChainVerifier") }
        guard remoteVerifiers[message.sourceChainId] == d.from else { throw .unauthorizedRemoteVerifier(d.from) }
        guard !verifierGuids.contains(d.guid) else { throw .messageAlreadyProcessed(guid: d.guid) }
        let values: [ABIValue]
        do { values = try ABI.decode(d.payload, as: Self.verificationTypes) } catch { throw .invalidPayload("verification: \(error)") }
        guard let user = values[1].address, let key = values[2].uint, let block = values[3].uint?.uint64, let value = values[4].uint else {
            throw .invalidPayload("verification fields out of range")
        }
        // D7: stored under the chain the message came from, whatever its first field says.
        verifiedStates[VerifiedKey(chainId: message.sourceChainId, user: user, key: key, blockNumber: block)] =
            VerifiedState(value: value, sequence: ctx.sequence, guid: d.guid)
        verifierGuids.insert(d.guid)
        message.markDelivered(at: ctx.sequence)
        messages[d.guid] = message
    }

    /// The bridge delivers only what was sent, unchanged, to the chain it was sent to.
    func sentMessage(matching d: BridgeDelivery, on chainId: UInt64) throws(ProtocolError) -> BridgeMessage {
        guard let message = messages[d.guid] else { throw .messageNeverSent(guid: d.guid) }
        guard message.destinationChainId == chainId else { throw .messageMismatch(guid: d.guid, field: "destination chain") }
        guard message.from == d.from else { throw .messageMismatch(guid: d.guid, field: "from") }
        guard message.to == d.to else { throw .messageMismatch(guid: d.guid, field: "to") }
        guard Keccak256.hash(d.payload) == message.payloadHash else { throw .messageMismatch(guid: d.guid, field: "payload") }
        return message
    }
}

import Ethereum

/// `setRemoteVerifier` and `handleMessage` on the main chain (spec §12.1; D7).
extension MainChainVerifier {
    /// `setRemoteVerifier(chainId, verifier)`, owner only.
    mutating func setRemoteVerifier(
        _ chainId: UInt64, _ verifier: Address, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        try genesis.requireOwner(ctx)
        remoteVerifiers[chainId] = verifier
    }

    /// The main-chain Abridge delivers a verification result (`message` is what was sent).
    mutating func receive(
        _ d: BridgeDelivery, from message: BridgeMessage, _ ctx: EventContext,
        _ genesis: LedgerGenesis
    ) throws(ProtocolError) {
        guard ctx.sender == genesis.mainAbridge else {
            throw .mainChainVerifier(.onlyAbridge(ctx.sender))
        }
        guard d.to == genesis.mainChainVerifier else {
            throw .mainChainVerifier(
                .invalidSender("message is for \(d.to), not the MainChainVerifier"))
        }
        guard remoteVerifiers[message.sourceChainId] == d.from else {
            throw .mainChainVerifier(.unauthorizedRemoteVerifier(d.from))
        }
        guard !processedGuids.contains(d.guid) else {
            throw .mainChainVerifier(.messageAlreadyProcessed(guid: d.guid))
        }
        let values: [ABIValue]
        do { values = try ABI.decode(d.payload, as: RemoteChainVerifier.messageTypes) } catch {
            throw .ledger(.invalidPayload("verification: \(error)"))
        }
        guard let user = values[1].address, let key = values[2].uint,
            let block = values[3].uint?.uint64,
            let value = values[4].uint
        else {
            throw .ledger(.invalidPayload("verification fields out of range"))
        }
        // D7: stored under the chain the message came from, whatever its first field says.
        verifiedStates[
            VerifiedKey(chainId: message.sourceChainId, user: user, key: key, blockNumber: block)] =
            VerifiedState(value: value, sequence: ctx.sequence, guid: d.guid)
        processedGuids.insert(d.guid)
    }
}

import Ethereum

/// Sending and delivering messages: the bridge delivers only what was sent, unchanged, to the
/// chain it was sent to.
extension Abridge {
    /// Sends `payload` over `route` with `paidWei` (at least the genesis fee): returns its guid.
    mutating func send(
        _ route: BridgeMessage.Route, payload: [UInt8], paidWei: UInt256, _ genesis: LedgerGenesis,
        _ ctx: EventContext
    ) throws(ProtocolError) -> Word {
        guard paidWei >= genesis.bridgeFeeWei else {
            throw .abridge(.insufficientFee(sent: paidWei, required: genesis.bridgeFeeWei))
        }
        let nonce = nonces[route.destination] ?? 0
        let guid = Self.messageGuid(
            source: route.source, destination: route.destination, nonce: nonce,
            from: route.from, to: route.to, payload: payload)
        messages[guid] = BridgeMessage(
            sourceChainId: route.source, destinationChainId: route.destination,
            from: route.from, to: route.to, payload: payload, feeWei: genesis.bridgeFeeWei,
            surplusWei: paidWei.subtractingReportingOverflow(genesis.bridgeFeeWei).partialValue,
            sentSequence: ctx.sequence, deliveredSequence: nil)
        nonces[route.destination] = nonce + 1
        return guid
    }

    /// The sent message a delivery must match: same guid, destination chain, ends and payload.
    func sentMessage(matching d: BridgeDelivery, on chainId: UInt64) throws(ProtocolError)
        -> BridgeMessage
    {
        guard let message = messages[d.guid] else {
            throw .abridge(.messageNeverSent(guid: d.guid))
        }
        guard message.destinationChainId == chainId else {
            throw .abridge(.messageMismatch(guid: d.guid, field: "destination chain"))
        }
        guard message.from == d.from else {
            throw .abridge(.messageMismatch(guid: d.guid, field: "from"))
        }
        guard message.to == d.to else {
            throw .abridge(.messageMismatch(guid: d.guid, field: "to"))
        }
        guard Keccak256.hash(d.payload) == message.payloadHash else {
            throw .abridge(.messageMismatch(guid: d.guid, field: "payload"))
        }
        return message
    }

    /// Records the delivery and drops the payload bytes, which the log holds.
    mutating func markDelivered(_ guid: Word, at sequence: UInt64) {
        messages[guid]?.deliveredSequence = sequence
        messages[guid]?.payload = []
    }
}

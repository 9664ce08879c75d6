import Ethereum

extension Abridge {
    /// Canonical bytes: messages by guid, then nonces by chain.
    func encode(into e: inout CanonicalEncoder) {
        e.map(messages) { e, guid, m in
            e.word(guid)
            e.u64(m.sourceChainId)
            e.u64(m.destinationChainId)
            e.address(m.from)
            e.address(m.to)
            e.data(m.payload)
            e.word(m.payloadHash)
            e.uint(m.feeWei)
            e.uint(m.surplusWei)
            e.u64(m.sentSequence)
            e.bool(m.deliveredSequence != nil)
            e.u64(m.deliveredSequence ?? 0)
        }
        e.map(nonces) { e, chain, nonce in
            e.u64(chain)
            e.u64(nonce)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        messages = try d.map { (d) throws(CanonicalDecoder.Error) in
            let guid = try d.word()
            let source = try d.u64()
            let destination = try d.u64()
            let from = try d.address()
            let to = try d.address()
            let payload = try d.data()
            let payloadHash = try d.word()
            let fee = try d.uint()
            let surplus = try d.uint()
            let sent = try d.u64()
            let delivered = try d.bool()
            let sequence = try d.u64()
            let deliveredSequence = try d.optional(delivered, sequence, isZero: { $0 == 0 })
            var message = BridgeMessage(
                sourceChainId: source, destinationChainId: destination, from: from, to: to,
                payload: payload, feeWei: fee, surplusWei: surplus, sentSequence: sent,
                deliveredSequence: deliveredSequence)
            message.payloadHash = payloadHash
            return (guid, message)
        }
        nonces = try d.map { (d) throws(CanonicalDecoder.Error) in (try d.u64(), try d.u64()) }
    }
}

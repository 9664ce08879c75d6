import Ethereum

extension EpochManager {
    /// Canonical bytes: current epoch, queue by epoch, sent batches, missed batches.
    func encode(into e: inout CanonicalEncoder) {
        e.u32(currentEpoch)
        e.map(queue) { e, epoch, updates in
            e.u32(epoch)
            e.count(updates.count)
            for update in updates {
                e.u8(update.type.rawValue)
                e.u64(update.sequence)
                e.data(update.data)
            }
        }
        e.map(sentBatches) { e, key, guid in
            e.u32(key.epoch)
            e.u64(key.chainId)
            e.word(guid)
        }
        e.set(missedBatches) { e, key in
            e.u32(key.epoch)
            e.u64(key.chainId)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        currentEpoch = try d.u32()
        queue = try d.map { (d) throws(CanonicalDecoder.Error) in
            (
                try d.u32(),
                try d.array { (d) throws(CanonicalDecoder.Error) in
                    let raw = try d.u8()
                    guard let type = MessageType(rawValue: raw) else {
                        throw .init("message type \(raw)")
                    }
                    let sequence = try d.u64()
                    return StateUpdate(type: type, data: try d.data(), sequence: sequence)
                }
            )
        }
        sentBatches = try d.map { (d) throws(CanonicalDecoder.Error) in
            (BatchKey(epoch: try d.u32(), chainId: try d.u64()), try d.word())
        }
        missedBatches = try d.set { (d) throws(CanonicalDecoder.Error) in
            BatchKey(epoch: try d.u32(), chainId: try d.u64())
        }
    }
}

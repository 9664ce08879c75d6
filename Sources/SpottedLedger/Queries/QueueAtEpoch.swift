import Ethereum
import SpottedProtocol

/// The state updates queued for one epoch's batch (the EpochManager queue), and where it was sent.
public struct QueueReport: Encodable, Sendable {
    /// One queued update.
    public struct Update: Encodable, Sendable {
        /// The message type's name.
        public var type: String
        /// The message type's code on the wire.
        public var typeCode: UInt8
        /// The sequence of the event that queued it.
        public var sequence: UInt64
        /// The ABI-encoded update.
        public var data: HexBytes
        /// The update decoded by its message type (as a replica decodes it), or why it does not.
        public var fields: OrAbsent<OrderedFields<DecodedValue>>
    }

    /// Whether the batch was sent to one destination chain.
    public struct Sending: Encodable, Sendable {
        /// The destination chain.
        public var chainId: UInt64
        /// The bridge message's guid, or null when the batch was not sent there.
        public var guid: OrAbsent<Word>
    }

    /// The batch epoch.
    public var epoch: UInt32
    /// The updates, in queue order.
    public var updates: [Update]
    /// One entry per replica chain.
    public var sent: [Sending]
}

extension Engine {
    /// The updates queued for `epoch`'s batch. A past batch's queue is dropped when its epoch
    /// starts, so it is read from the state just before that (rebuilt from the nearest snapshot).
    public func queue(at epoch: UInt32) throws(QueryError) -> QueueReport {
        let current = state.currentEpoch
        guard epoch <= current + 2 else {
            throw .badArgument(
                field: "epoch",
                reason:
                    "--epoch \(epoch) is out of range: updates are queued up to epoch \(current + 2)"
            )
        }
        var s = state
        if epoch > 0, epoch <= current {
            do throws(EngineError) {
                if let end = try Self.endOfEpoch(epoch - 1, in: log) {
                    s = try Self.state(at: end, in: log)
                }
            } catch {
                throw .engine(error)
            }
        }
        let updates = (s.epochManager.queue[epoch] ?? []).map {
            QueueReport.Update(
                type: "\($0.type)", typeCode: $0.type.rawValue, sequence: $0.sequence,
                data: HexBytes($0.data), fields: UpdateFields.decode($0))
        }
        let sent = s.replicas.keys.sorted().map { chain in
            QueueReport.Sending(
                chainId: chain,
                guid: OrAbsent(
                    s.epochManager.sentBatches[BatchKey(epoch: epoch, chainId: chain)],
                    absent: "not sent"))
        }
        return QueueReport(epoch: epoch, updates: updates, sent: sent)
    }
}

import EventLog
import SpottedProtocol

extension Engine {
    /// The log code of an epoch transition, taken from the event codec (not a literal).
    static let epochTransitionKind = EventCodec.encode(.epochTransition(epoch: 0)).kind

    /// The last sequence of `epoch`: the one just before the transition to `epoch + 1`; nil when the
    /// log has not reached that transition.
    public static func endOfEpoch(_ epoch: UInt32, in log: EventLog) throws(EngineError) -> UInt64?
    {
        var found: UInt64?
        var failure: EngineError?
        do throws(EventLogError) {
            try log.scan { (envelope) throws(EventLogError) in
                let record = envelope.record
                guard record.kind == epochTransitionKind else { return true }
                do throws(EventCodec.DecodingError) {
                    let event = try EventCodec.decode(
                        kind: record.kind, schemaVersion: record.schemaVersion,
                        payload: record.payload)
                    guard case .epochTransition(let e) = event, e == epoch + 1 else { return true }
                    found = envelope.sequence - 1
                } catch {
                    failure = .corrupt(sequence: envelope.sequence, reason: error.description)
                }
                return false
            }
        } catch {
            throw .log(error)
        }
        if let failure { throw failure }
        return found
    }
}

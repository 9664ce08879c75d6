import Ethereum
import SpottedProtocol

/// Decodes a queued registry update (spec §4) into named fields, as a replica reads it
/// (``ReplicaUpdate``): weights are listed by operator.
public enum UpdateFields {
    /// The fields of `update`, or the replica's refusal in their place.
    public static func decode(_ update: StateUpdate) -> OrAbsent<OrderedFields<DecodedValue>> {
        do throws(ProtocolError) {
            let decoded = try ReplicaUpdate(type: update.type.rawValue, data: update.data)
            return OrAbsent(OrderedFields(fields(of: decoded)), absent: "")
        } catch {
            return OrAbsent(nil, absent: "undecodable: \(error)")
        }
    }

    /// The named fields of a decoded update, in payload order.
    public static func fields(of update: ReplicaUpdate) -> [(name: String, value: DecodedValue)] {
        switch update {
        case .register(let op, let key, let weight, let total):
            return [
                ("operator", .address(op)), ("signingKey", .address(key)),
                ("newWeight", .number(weight)), ("newTotalWeight", .number(total)),
            ]
        case .deregister(let op, let weight, let total):
            return [
                ("operator", .address(op)), ("newWeight", .number(weight)),
                ("newTotalWeight", .number(total)),
            ]
        case .signingKey(let op, let key):
            return [("operator", .address(op)), ("newSigningKey", .address(key))]
        case .p2pKey(let op, let key):
            return [("operator", .address(op)), ("newP2pKey", .address(key))]
        case .weights(let ops, let weights, let total, let quorum, let minimum):
            var out = [(name: String, value: DecodedValue)]()
            if let quorum {
                let strategies = quorum.strategies.map {
                    (name: $0.strategy.checksummed, value: DecodedValue.number($0.multiplier))
                }
                out.append(("quorum", .fields(OrderedFields(strategies))))
            }
            if let minimum { out.append(("minimumWeight", .number(minimum))) }
            let byOperator = zip(ops, weights).map {
                (name: $0.0.checksummed, value: DecodedValue.number($0.1))
            }
            out.append(("newWeights", .fields(OrderedFields(byOperator))))
            out.append(("newTotalWeight", .number(total)))
            return out
        case .threshold(let weight):
            return [("thresholdWeight", .number(weight))]
        }
    }
}

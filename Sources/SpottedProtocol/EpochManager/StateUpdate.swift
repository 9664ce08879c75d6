import Ethereum

/// `IEpochManager.MessageType`: the kinds of queued registry updates (spec §4).
public enum MessageType: UInt8, Hashable, Sendable, CaseIterable {
    /// `REGISTER`: an operator registered (payload:
    /// ``StateUpdatePayload/register(operator:signingKey:weight:totalWeight:)``).
    case register = 0
    /// `DEREGISTER`: an operator deregistered.
    case deregister = 1
    /// `UPDATE_SIGNING_KEY`: an operator's signing key changed.
    case updateSigningKey = 2
    /// `UPDATE_OPERATORS`: operators' weights were recomputed.
    case updateOperators = 3
    /// `UPDATE_QUORUM`: the quorum changed, with the operators' new weights.
    case updateQuorum = 4
    /// `UPDATE_MIN_WEIGHT`: the minimum weight changed, with the operators' new weights.
    case updateMinWeight = 5
    /// `UPDATE_THRESHOLD`: the stake threshold changed.
    case updateThreshold = 6
    /// `UPDATE_OPERATORS_QUORUM`: declared by the contract but never produced.
    case updateOperatorsQuorum = 7  // never produced; refused by replicas
    /// `BATCH_UPDATE`: declared by the contract but never produced.
    case batchUpdate = 8  // never produced; refused by replicas
    /// `UPDATE_OPERATORS_FOR_QUORUM`: weights recomputed for the quorum's operator list.
    case updateOperatorsForQuorum = 9
    /// `UPDATE_P2P_KEY`: an operator's p2p key changed.
    case updateP2pKey = 10
}

/// One queued update: its type and the ABI-encoded payload of spec §4, plus the log sequence
/// number of the registry action that queued it.
public struct StateUpdate: Hashable, Sendable {
    /// The kind of update.
    public var type: MessageType
    /// The ABI-encoded payload of spec §4 (built by ``StateUpdatePayload``).
    public var data: [UInt8]
    /// The log sequence number of the registry action that queued it.
    public var sequence: UInt64

    /// Creates a queued update from its three fields.
    public init(type: MessageType, data: [UInt8], sequence: UInt64) {
        self.type = type
        self.data = data
        self.sequence = sequence
    }
}

/// The payload encodings of spec §4, byte for byte.
public enum StateUpdatePayload {
    /// REGISTER: `(address operator, address signingKey, uint256 newWeight, uint256 newTotalWeight)`.
    public static func register(
        operator op: Address, signingKey: Address, weight: UInt256, totalWeight: UInt256
    ) -> [UInt8] {
        encode(
            [.address(op), .address(signingKey), .uint(weight), .uint(totalWeight)],
            [.address, .address, .uint256, .uint256])
    }

    /// DEREGISTER: `(address operator, uint256 newWeight, uint256 newTotalWeight)`.
    public static func deregister(operator op: Address, weight: UInt256, totalWeight: UInt256)
        -> [UInt8]
    {
        encode([.address(op), .uint(weight), .uint(totalWeight)], [.address, .uint256, .uint256])
    }

    /// UPDATE_SIGNING_KEY and UPDATE_P2P_KEY: `(address operator, address newKey)`.
    public static func key(operator op: Address, key: Address) -> [UInt8] {
        encode([.address(op), .address(key)], [.address, .address])
    }

    /// UPDATE_OPERATORS and UPDATE_OPERATORS_FOR_QUORUM: `(address[], uint256[], uint256)`.
    public static func operators(_ ops: [Address], weights: [UInt256], totalWeight: UInt256)
        -> [UInt8]
    {
        encode(
            [
                .array(ops.map { .address($0) }), .array(weights.map { .uint($0) }),
                .uint(totalWeight),
            ],
            [.array(.address), .array(.uint256), .uint256])
    }

    /// UPDATE_QUORUM: `(Quorum, address[], uint256[], uint256)`.
    public static func quorum(
        _ quorum: Quorum, operators ops: [Address], weights: [UInt256], totalWeight: UInt256
    ) -> [UInt8] {
        encode(
            [
                quorum.abiValue, .array(ops.map { .address($0) }),
                .array(weights.map { .uint($0) }), .uint(totalWeight),
            ],
            [Quorum.abiType, .array(.address), .array(.uint256), .uint256])
    }

    /// UPDATE_MIN_WEIGHT: `(uint256, address[], uint256[], uint256)`.
    public static func minimumWeight(
        _ minimum: UInt256, operators ops: [Address], weights: [UInt256], totalWeight: UInt256
    ) -> [UInt8] {
        encode(
            [
                .uint(minimum), .array(ops.map { .address($0) }), .array(weights.map { .uint($0) }),
                .uint(totalWeight),
            ],
            [.uint256, .array(.address), .array(.uint256), .uint256])
    }

    /// UPDATE_THRESHOLD: `(uint256 thresholdWeight)`.
    public static func threshold(_ weight: UInt256) -> [UInt8] {
        encode([.uint(weight)], [.uint256])
    }

    /// Values built above always match their types.
    private static func encode(_ values: [ABIValue], _ types: [ABIType]) -> [UInt8] {
        guard let bytes = try? ABI.encode(values, as: types) else {
            preconditionFailure("payload types are fixed")
        }
        return bytes
    }
}

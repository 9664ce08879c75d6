import Ethereum

/// A queued update decoded from its ABI payload, as LightStakeRegistry reads it.
public enum ReplicaUpdate: Hashable, Sendable {
    /// REGISTER: the operator, its signing key, its weight and the new total weight.
    case register(operator: Address, signingKey: Address, weight: UInt256, totalWeight: UInt256)
    /// DEREGISTER: the operator, its weight and the new total weight.
    case deregister(operator: Address, weight: UInt256, totalWeight: UInt256)
    /// UPDATE_SIGNING_KEY: the operator and its new signing key.
    case signingKey(operator: Address, key: Address)
    /// UPDATE_P2P_KEY: the operator and its new p2p key.
    case p2pKey(operator: Address, key: Address)
    /// UPDATE_OPERATORS, UPDATE_QUORUM, UPDATE_MIN_WEIGHT and UPDATE_OPERATORS_FOR_QUORUM.
    case weights(
        operators: [Address], weights: [UInt256], totalWeight: UInt256, quorum: Quorum?,
        minimumWeight: UInt256?)
    /// UPDATE_THRESHOLD: the new stake threshold (weight).
    case threshold(UInt256)

    /// Decodes one `(uint8 type, bytes data)`; types 7 and 8 have no handler (`InvalidMessageType`).
    public init(type rawType: UInt8, data: [UInt8]) throws(ProtocolError) {
        guard let type = MessageType(rawValue: rawType) else {
            throw .lightStakeRegistry(.batchUpdateFailed("InvalidMessageType: \(rawType)"))
        }
        func decode(_ types: [ABIType]) throws(ProtocolError) -> [ABIValue] {
            do { return try ABI.decode(data, as: types) } catch {
                throw .lightStakeRegistry(.batchUpdateFailed("\(type) payload: \(error)"))
            }
        }
        func addresses(_ v: ABIValue) -> [Address] { (v.items ?? []).compactMap(\.address) }
        func uints(_ v: ABIValue) -> [UInt256] { (v.items ?? []).compactMap(\.uint) }
        switch type {
        case .register:
            let v = try decode([.address, .address, .uint256, .uint256])
            self = .register(
                operator: v[0].address ?? .zero, signingKey: v[1].address ?? .zero,
                weight: v[2].uint ?? .zero, totalWeight: v[3].uint ?? .zero)
        case .deregister:
            let v = try decode([.address, .uint256, .uint256])
            self = .deregister(
                operator: v[0].address ?? .zero, weight: v[1].uint ?? .zero,
                totalWeight: v[2].uint ?? .zero)
        case .updateSigningKey, .updateP2pKey:
            let v = try decode([.address, .address])
            let op = v[0].address ?? .zero
            let key = v[1].address ?? .zero
            self =
                type == .updateSigningKey
                ? .signingKey(operator: op, key: key) : .p2pKey(operator: op, key: key)
        case .updateOperators, .updateOperatorsForQuorum:
            let v = try decode([.array(.address), .array(.uint256), .uint256])
            self = .weights(
                operators: addresses(v[0]), weights: uints(v[1]), totalWeight: v[2].uint ?? .zero,
                quorum: nil, minimumWeight: nil)
        case .updateQuorum:
            let v = try decode([Quorum.abiType, .array(.address), .array(.uint256), .uint256])
            self = .weights(
                operators: addresses(v[1]), weights: uints(v[2]), totalWeight: v[3].uint ?? .zero,
                quorum: try Quorum(abiValue: v[0]), minimumWeight: nil)
        case .updateMinWeight:
            let v = try decode([.uint256, .array(.address), .array(.uint256), .uint256])
            self = .weights(
                operators: addresses(v[1]), weights: uints(v[2]), totalWeight: v[3].uint ?? .zero,
                quorum: nil, minimumWeight: v[0].uint ?? .zero)
        case .updateThreshold:
            self = .threshold(try decode([.uint256])[0].uint ?? .zero)
        case .updateOperatorsQuorum, .batchUpdate:
            throw .lightStakeRegistry(
                .batchUpdateFailed("InvalidMessageType: \(type) (\(rawType)) has no handler"))
        }
        if case .weights(let ops, let weights, _, _, _) = self, weights.count < ops.count {
            throw .lightStakeRegistry(
                .batchUpdateFailed(
                    "\(type): \(ops.count) operators but only \(weights.count) weights (array out of bounds)"
                ))
        }
    }

    /// Decodes a whole batch `abi.encode(uint256 epoch, (uint8,bytes)[])`.
    public static func decodeBatch(_ payload: [UInt8]) throws(ProtocolError) -> (
        epoch: UInt32, updates: [ReplicaUpdate]
    ) {
        guard payload.count <= Limits.maxPayloadBytes else {
            throw .ledger(
                .tooManyItems(
                    field: "payload bytes", count: payload.count, limit: Limits.maxPayloadBytes))
        }
        let values: [ABIValue]
        do { values = try ABI.decode(payload, as: EpochManager.batchTypes) } catch {
            throw .lightStakeRegistry(.batchUpdateFailed("batch: \(error)"))
        }
        guard let epochValue = values[0].uint, let epoch = epochValue.uint64,
            epoch <= UInt64(UInt32.max)
        else {
            throw .lightStakeRegistry(
                .batchUpdateFailed("batch epoch \(values[0]) does not fit uint32"))
        }
        let items = values[1].items ?? []
        guard items.count <= Limits.maxUpdatesPerBatch else {
            throw .ledger(
                .tooManyItems(
                    field: "updates", count: items.count, limit: Limits.maxUpdatesPerBatch))
        }
        var updates = [ReplicaUpdate]()
        updates.reserveCapacity(items.count)
        for item in items {
            guard let pair = item.items, pair.count == 2, let type = pair[0].uint?.uint64,
                let data = pair[1].bytesValue
            else {
                throw .lightStakeRegistry(.batchUpdateFailed("batch entry is not (uint8,bytes)"))
            }
            updates.append(try ReplicaUpdate(type: UInt8(truncatingIfNeeded: type), data: data))
        }
        return (UInt32(epoch), updates)
    }
}

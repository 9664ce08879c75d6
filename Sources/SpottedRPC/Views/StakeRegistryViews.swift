import Ethereum
import SpottedProtocol

/// The ECDSAStakeRegistry / LightStakeRegistry views, answered from a ``StakeRegistry`` value.
enum StakeRegistryViews {
    /// The result of `function` on `registry`; `isValidSignature` is answered by the caller
    /// (its reference-epoch bound differs between the main registry and a replica).
    static func call(
        _ name: String, _ a: ViewArguments, registry: StakeRegistry, owner: Address
    ) throws(CallFailure) -> [ABIValue]? {
        switch name {
        case "operatorRegistered": return [.bool(registry.isRegistered(try a.address(0)))]
        case "getOperatorWeight", "getLastCheckpointOperatorWeight":
            return [.uint(registry.latestWeight(of: try a.address(0)))]
        case "getOperatorWeightAtEpoch":
            return [.uint(registry.weight(of: try a.address(0), at: try a.uint32(1)))]
        case "getTotalWeightAtEpoch": return [.uint(registry.totalWeight(at: try a.uint32(0)))]
        case "getThresholdWeightAtEpoch", "getThresholdStake",
            "getLastCheckpointThresholdWeightAtEpoch":
            return [.uint(registry.thresholdWeight(at: try a.uint32(0)))]
        case "getLastCheckpointTotalWeight": return [.uint(registry.totalWeight.latest ?? .zero)]
        case "getLastCheckpointThresholdWeight": return [.uint(registry.threshold.latest ?? .zero)]
        case "getOperatorSigningKeyAtEpoch":
            return [.address(registry.signingKey(of: try a.address(0), at: try a.uint32(1)))]
        case "getLastestOperatorSigningKey":
            return [.address(registry.operators[try a.address(0)]?.signingKey.latest ?? .zero)]
        case "getOperatorP2pKeyAtEpoch":
            let record = registry.operators[try a.address(0)]
            return [.address(record?.p2pKey.value(at: try a.uint32(1)) ?? .zero)]
        case "getLastestOperatorP2pKey":
            return [.address(registry.operators[try a.address(0)]?.p2pKey.latest ?? .zero)]
        case "minimumWeight": return [.uint(registry.minimumWeight)]
        case "quorum": return [registry.quorum.abiValue]
        case "owner": return [.address(owner)]
        default: return nil
        }
    }
}

import Ethereum

/// The weights and keys a registry answers `isValidSignature` from: the main registry and each
/// light-registry replica provide one.
public protocol SignatureCheckingRegistry {
    /// The signing key of `op` in force at `epoch` (zero when none).
    func signingKey(of op: Address, at epoch: UInt32) -> Address
    /// The weight of `op` at `epoch` (zero when none).
    func weight(of op: Address, at epoch: UInt32) -> UInt256
    /// The total weight of registered operators at `epoch`.
    func totalWeight(at epoch: UInt32) -> UInt256
    /// The stake threshold (weight) in force at `epoch`.
    func thresholdWeight(at epoch: UInt32) -> UInt256
}

/// ERC-1271 `isValidSignature(digest, signatureData)` as the stake registries check it (spec §9.6).
public enum SignatureChecker {
    /// `IERC1271.isValidSignature.selector`, returned on success.
    public static let magicValue: [UInt8] = [0x16, 0x26, 0xba, 0x7e]

    /// Returns ``magicValue`` or throws the first rule the bundle breaks, in the contract's order:
    /// decode, epoch bound, lengths, then per signer key lookup, sort, signature and weight, then
    /// total and threshold. `latestEpoch` is the newest epoch the registry may be asked about.
    public static func isValidSignature(
        digest: Word, signatureData: [UInt8], registry: some SignatureCheckingRegistry,
        latestEpoch: UInt32
    ) throws(ProtocolError) -> [UInt8] {
        let bundle: SignatureBundle
        do { bundle = try SignatureBundle(decoding: signatureData) } catch {
            throw .ledger(.invalidPayload("signatureData: \(error)"))
        }
        let epoch = bundle.referenceEpoch
        guard epoch <= latestEpoch else {
            throw .stakeRegistry(
                .invalidEpoch("referenceEpoch \(epoch) is after the current epoch \(latestEpoch)"))
        }
        guard bundle.operators.count == bundle.signatures.count else {
            throw .stakeRegistry(
                .lengthMismatch(
                    operators: bundle.operators.count, signatures: bundle.signatures.count))
        }
        guard !bundle.operators.isEmpty else { throw .stakeRegistry(.invalidLength) }
        guard bundle.operators.count <= Limits.maxBundleSigners else {
            throw .ledger(
                .tooManyItems(
                    field: "operators", count: bundle.operators.count,
                    limit: Limits.maxBundleSigners))
        }
        var last = Address.zero
        var signed = UInt256.zero
        for (index, op) in bundle.operators.enumerated() {
            let signer = registry.signingKey(of: op, at: epoch)
            guard op > last else {
                throw .stakeRegistry(.notSorted("operators[\(index)] \(op) is not above \(last)"))
            }
            last = op
            guard !signer.isZero else {
                throw .stakeRegistry(
                    .invalidSignature(
                        "operators[\(index)] \(op) has no signing key at epoch \(epoch)"))
            }
            let recovered: Address
            do {
                recovered = try ECDSA.recover(digest: digest, signature: bundle.signatures[index])
            } catch {
                throw .stakeRegistry(.invalidSignature("signatures[\(index)]: \(error.name)"))
            }
            guard recovered == signer else {
                throw .stakeRegistry(
                    .invalidSignature(
                        "signatures[\(index)] recovers \(recovered), signing key of \(op) at epoch \(epoch) is \(signer)"
                    ))
            }
            signed = signed.addingReportingOverflow(registry.weight(of: op, at: epoch)).partialValue
        }
        let total = registry.totalWeight(at: epoch)
        guard signed <= total else {
            throw .stakeRegistry(.invalidSignedWeight(signed: signed, total: total))
        }
        let threshold = registry.thresholdWeight(at: epoch)
        guard threshold <= signed else {
            throw .stakeRegistry(.insufficientSignedStake(signed: signed, threshold: threshold))
        }
        return magicValue
    }
}

extension StakeRegistry: SignatureCheckingRegistry {
    /// `getLastCheckpointTotalWeightAtEpoch(e)`: the total weight at `epoch` (zero before any).
    public func totalWeight(at epoch: UInt32) -> UInt256 { totalWeight.value(at: epoch) ?? .zero }
    /// `getLastCheckpointThresholdWeightAtEpoch(e)`: the threshold at `epoch` (zero before any).
    public func thresholdWeight(at epoch: UInt32) -> UInt256 { threshold.value(at: epoch) ?? .zero }
}

extension LedgerState {
    /// `isValidSignature` on the main registry; the reference epoch may be at most the current one.
    public func isValidSignature(digest: Word, signatureData: [UInt8]) throws(ProtocolError)
        -> [UInt8]
    {
        try SignatureChecker.isValidSignature(
            digest: digest, signatureData: signatureData, registry: stakeRegistry,
            latestEpoch: currentEpoch)
    }
}

import Ethereum
import SpottedProtocol

/// The outcome of ERC-1271 `isValidSignature` on the main registry or a replica.
public struct SignatureCheckReport: Encodable, Sendable {
    /// The registry accepted the bundle.
    public var valid: Bool
    /// The ERC-1271 magic value, when valid.
    public var magicValue: HexBytes?
    /// The rule that refused, when not valid.
    public var rule: String?
    /// The refusal in words, when not valid.
    public var message: String?
}

extension Engine {
    /// Runs `isValidSignature(digest, signatureData)` on the main registry, or on the replica of
    /// `chainId` when given.
    public func checkSignature(digest: Word, signatureData: [UInt8], chainId: UInt64? = nil)
        throws(QueryError) -> SignatureCheckReport
    {
        let result: Result<[UInt8], ProtocolError>
        if let chainId {
            guard let replica = state.replicas[chainId] else {
                throw .badArgument(field: "chain", reason: "--chain \(chainId) has no replica")
            }
            result = Result { () throws(ProtocolError) in
                try replica.isValidSignature(digest: digest, signatureData: signatureData)
            }
        } else {
            result = Result { () throws(ProtocolError) in
                try state.isValidSignature(digest: digest, signatureData: signatureData)
            }
        }
        switch result {
        case .success(let magic):
            return SignatureCheckReport(valid: true, magicValue: HexBytes(magic))
        case .failure(let error):
            return SignatureCheckReport(valid: false, rule: error.name, message: error.description)
        }
    }
}

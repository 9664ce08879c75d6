/// A signed Ethereum transaction decoded from its raw bytes: legacy with EIP-155 replay
/// protection, or EIP-1559 (type 0x02).
///
/// ```swift
/// let tx = try SignedTransaction(raw: bytes)
/// let from = try tx.sender()   // keccak-recovered, low s only
/// ```
public struct SignedTransaction: Sendable, Hashable {
    /// The envelope.
    public enum Kind: UInt8, Sendable, Hashable {
        /// Untyped RLP list with EIP-155 `v`.
        case legacy = 0
        /// EIP-1559 dynamic-fee transaction, type byte 0x02.
        case dynamicFee = 2
    }

    /// The envelope this transaction came in.
    public let kind: Kind
    /// The chain it is signed for (from `v` for legacy transactions).
    public let chainId: UInt64
    /// The sender's nonce.
    public let nonce: UInt64
    /// Legacy `gasPrice`, or EIP-1559 `maxFeePerGas`, in wei.
    public let maxFeePerGasWei: UInt256
    /// EIP-1559 `maxPriorityFeePerGas` in wei (the gas price for legacy transactions).
    public let maxPriorityFeePerGasWei: UInt256
    /// The gas limit.
    public let gasLimit: UInt64
    /// The recipient, or nil for contract creation.
    public let to: Address?
    /// The value transferred, in wei.
    public let valueWei: UInt256
    /// The calldata.
    public let data: [UInt8]
    /// The signature's r.
    public let r: Word
    /// The signature's s.
    public let s: Word
    /// The recovery id (0 or 1).
    public let yParity: UInt8
    /// The hash the sender signed.
    public let signingHash: Word
    /// The raw bytes as received (what `eth_sendRawTransaction` carries).
    public let raw: [UInt8]

    /// The transaction hash: keccak256 of the raw bytes.
    public var hash: Word { Keccak256.hash(raw) }

    /// Decodes and checks the structure and signature values of `raw` (not the signer).
    public init(raw: [UInt8]) throws(TransactionError) {
        guard let first = raw.first else { throw .empty }
        self.raw = raw
        if first >= 0xc0 {
            let list = try Self.rlp { () throws(RLPError) in try RLP.decode(raw) }
            let fields = try Self.fields(list, count: 9, name: "legacy transaction")
            let v = try Self.rlp { () throws(RLPError) in try fields[6].uint256(field: "v") }
            (chainId, yParity) = try Self.eip155(v: v)
            kind = .legacy
            (nonce, maxFeePerGasWei, gasLimit, to, valueWei, data) = try Self.legacyBody(fields)
            maxPriorityFeePerGasWei = maxFeePerGasWei
            (r, s) = try Self.signatureValues(fields[7], fields[8])
            let unsigned = Array(fields[0..<6]) + [.uint(chainId), .bytes([]), .bytes([])]
            signingHash = Keccak256.hash(RLP.encode(.list(unsigned)))
            return
        }
        guard first == Kind.dynamicFee.rawValue else { throw .unsupportedType(first) }
        let payload = try Self.rlp { () throws(RLPError) in try RLP.decode(Array(raw.dropFirst())) }
        let fields = try Self.fields(payload, count: 12, name: "EIP-1559 transaction")
        kind = .dynamicFee
        (chainId, nonce, maxPriorityFeePerGasWei, maxFeePerGasWei, gasLimit, to, valueWei, data) =
            try Self.dynamicFeeBody(fields)
        try Self.checkAccessList(fields[8])
        let parity = try Self.rlp { () throws(RLPError) in try fields[9].uint64(field: "yParity") }
        guard parity <= 1 else { throw .invalidYParity(parity) }
        yParity = UInt8(parity)
        (r, s) = try Self.signatureValues(fields[10], fields[11])
        signingHash = Keccak256.hash([first] + RLP.encode(.list(Array(fields[0..<9]))))
    }

    /// The address whose key signed this transaction (low s only, as EIP-2 requires).
    public func sender() throws(TransactionError) -> Address {
        var signature = r.bytes + s.bytes
        signature.append(27 + yParity)
        do {
            return try ECDSA.recover(digest: signingHash, signature: signature)
        } catch {
            throw error == .invalidSignatureS ? .highS : .unrecoverableSigner
        }
    }

    /// Refuses a transaction signed for another chain than `expected`.
    public func check(chainId expected: UInt64) throws(TransactionError) {
        guard chainId == expected else { throw .wrongChainId(expected: expected, actual: chainId) }
    }
}

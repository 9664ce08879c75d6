/// An unsigned transaction to sign: what a wallet builds before `eth_sendRawTransaction`.
///
/// ```swift
/// let raw = TransactionRequest(kind: .dynamicFee, chainId: 1, nonce: 0, to: registry,
///                              data: calldata).signed(with: key).raw
/// ```
public struct TransactionRequest: Sendable, Hashable {
    /// The envelope to produce.
    public var kind: SignedTransaction.Kind
    /// The chain to sign for.
    public var chainId: UInt64
    /// The sender's nonce.
    public var nonce: UInt64
    /// Legacy `gasPrice`, or EIP-1559 `maxFeePerGas`, in wei.
    public var maxFeePerGasWei: UInt256
    /// EIP-1559 `maxPriorityFeePerGas` in wei (ignored for legacy).
    public var maxPriorityFeePerGasWei: UInt256
    /// The gas limit.
    public var gasLimit: UInt64
    /// The recipient, or nil for contract creation.
    public var to: Address?
    /// The value, in wei.
    public var valueWei: UInt256
    /// The calldata.
    public var data: [UInt8]

    /// A request with the given fields; fees default to 1 gwei and gas to 1 000 000.
    public init(
        kind: SignedTransaction.Kind, chainId: UInt64, nonce: UInt64,
        maxFeePerGasWei: UInt256 = UInt256(1_000_000_000),
        maxPriorityFeePerGasWei: UInt256 = UInt256(1_000_000_000), gasLimit: UInt64 = 1_000_000,
        to: Address?, valueWei: UInt256 = .zero, data: [UInt8]
    ) {
        self.kind = kind
        self.chainId = chainId
        self.nonce = nonce
        self.maxFeePerGasWei = maxFeePerGasWei
        self.maxPriorityFeePerGasWei = maxPriorityFeePerGasWei
        self.gasLimit = gasLimit
        self.to = to
        self.valueWei = valueWei
        self.data = data
    }

    /// The signed transaction (RFC 6979 nonces, low s: byte-identical to eth-account).
    public func signed(with key: PrivateKey) -> SignedTransaction {
        let toItem = RLPItem.bytes(to?.bytes ?? [])
        let raw: [UInt8]
        switch kind {
        case .legacy:
            let body: [RLPItem] = [
                .uint(nonce), .uint(maxFeePerGasWei), .uint(gasLimit), toItem, .uint(valueWei),
                .bytes(data),
            ]
            let digest = Keccak256.hash(
                RLP.encode(.list(body + [.uint(chainId), .bytes([]), .bytes([])])))
            let signature = key.sign(digest: digest)
            precondition(chainId <= UInt64.max / 2 - 18, "legacy chainId too large for v")
            let v = UInt64(signature.v - 27) + chainId * 2 + 35
            raw = RLP.encode(.list(body + [.uint(v)] + Self.rs(signature)))
        case .dynamicFee:
            let body: [RLPItem] = [
                .uint(chainId), .uint(nonce), .uint(maxPriorityFeePerGasWei),
                .uint(maxFeePerGasWei),
                .uint(gasLimit), toItem, .uint(valueWei), .bytes(data), .list([]),
            ]
            let digest = Keccak256.hash([kind.rawValue] + RLP.encode(.list(body)))
            let signature = key.sign(digest: digest)
            raw =
                [kind.rawValue]
                + RLP.encode(.list(body + [.uint(UInt64(signature.v - 27))] + Self.rs(signature)))
        }
        do {
            return try SignedTransaction(raw: raw)
        } catch {
            preconditionFailure("a transaction we signed does not decode: \(error)")
        }
    }

    private static func rs(_ signature: Signature) -> [RLPItem] {
        [.uint(UInt256(signature.r)), .uint(UInt256(signature.s))]
    }
}

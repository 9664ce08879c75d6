// Field-level decoding for SignedTransaction: every field is read by name, so an error names it.
extension SignedTransaction {
    /// Runs an RLP field read, wrapping its error.
    static func rlp<T>(_ body: () throws(RLPError) -> T) throws(TransactionError) -> T {
        do { return try body() } catch { throw .rlp(error) }
    }

    static func fields(_ item: RLPItem, count: Int, name: String) throws(TransactionError)
        -> [RLPItem]
    {
        try rlp { () throws(RLPError) in
            let items = try item.list(field: name)
            guard items.count == count else {
                throw .wrongItemCount(field: name, expected: count, actual: items.count)
            }
            return items
        }
    }

    /// (chainId, yParity) from a legacy `v`; 27/28 (no chain id) is refused.
    static func eip155(v: UInt256) throws(TransactionError) -> (UInt64, UInt8) {
        guard let small = v.uint64 else { throw .chainIdTooLarge }
        if small == 27 || small == 28 { throw .missingChainId }
        guard small >= 35 else { throw .invalidV(v.description) }
        return ((small - 35) / 2, UInt8((small - 35) % 2))
    }

    static func legacyBody(_ f: [RLPItem]) throws(TransactionError) -> (
        UInt64, UInt256, UInt64, Address?, UInt256, [UInt8]
    ) {
        try rlp { () throws(RLPError) in
            (
                try f[0].uint64(field: "nonce"), try f[1].uint256(field: "gasPrice"),
                try f[2].uint64(field: "gas"), try f[3].optionalAddress(field: "to"),
                try f[4].uint256(field: "value"), try f[5].bytes(field: "data")
            )
        }
    }

    static func dynamicFeeBody(_ f: [RLPItem]) throws(TransactionError) -> (
        UInt64, UInt64, UInt256, UInt256, UInt64, Address?, UInt256, [UInt8]
    ) {
        let chain = try rlp { () throws(RLPError) in try f[0].uint256(field: "chainId") }
        guard let chainId = chain.uint64 else { throw .chainIdTooLarge }
        return try rlp { () throws(RLPError) in
            (
                chainId, try f[1].uint64(field: "nonce"),
                try f[2].uint256(field: "maxPriorityFeePerGas"),
                try f[3].uint256(field: "maxFeePerGas"), try f[4].uint64(field: "gas"),
                try f[5].optionalAddress(field: "to"), try f[6].uint256(field: "value"),
                try f[7].bytes(field: "data")
            )
        }
    }

    /// An access list is `[[address(20), [key(32)…]]…]`.
    static func checkAccessList(_ item: RLPItem) throws(TransactionError) {
        guard case .list(let entries) = item else { throw .malformedAccessList(index: -1) }
        for (index, entry) in entries.enumerated() {
            guard case .list(let pair) = entry, pair.count == 2,
                case .bytes(let address) = pair[0], address.count == 20,
                case .list(let keys) = pair[1],
                keys.allSatisfy({ if case .bytes(let k) = $0 { k.count == 32 } else { false } })
            else { throw .malformedAccessList(index: index) }
        }
    }

    /// r and s as words: canonical, non-zero, below n; s > n/2 is refused (EIP-2).
    static func signatureValues(_ rItem: RLPItem, _ sItem: RLPItem) throws(TransactionError)
        -> (Word, Word)
    {
        let (r, s) = try rlp { () throws(RLPError) in
            (try rItem.uint256(field: "r"), try sItem.uint256(field: "s"))
        }
        let n = UInt256(ECDSA.curveOrder)
        guard !r.isZero, r < n else { throw .signatureValueOutOfRange(field: "r") }
        guard !s.isZero, s < n else { throw .signatureValueOutOfRange(field: "s") }
        guard s <= UInt256(ECDSA.halfOrder) else { throw .highS }
        return (r.word, s.word)
    }
}

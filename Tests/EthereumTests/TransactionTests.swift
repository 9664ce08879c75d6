import Ethereum
import Testing

@Suite struct TransactionTests {
    // EIP-155's example: nonce 9, gasPrice 20 gwei, gas 21000, to 0x3535…, value 1 ether, chainId 1,
    // private key 0x4646…; the signing hash and signed transaction are the EIP's own.
    static let eip155Raw =
        "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
    static let key46 = String(repeating: "46", count: 32)

    // Generated with eth-account 0.14.0 (Account.sign_transaction, key 0x4646…): type 2, chainId
    // 31337, nonce 3, tip 1 gwei, maxFee 2 gwei, gas 100000, to 0x3535…, value 0, data
    // ee997bd8‖uint256(7), access list [(0x1111…, [0x…01])]. Hash and signing hash from eth-utils.
    static let dynamicRaw =
        "02f8ca827a6903843b9aca008477359400830186a094353535353535353535353535353535353535353580a4ee997bd80000000000000000000000000000000000000000000000000000000000000007f838f7941111111111111111111111111111111111111111e1a0000000000000000000000000000000000000000000000000000000000000000101a057c51b90f959c3c7e1f79841804535c6ae1a5000268f5bbd78e542f9aebdb88da00e7f4ce147113a6f6366364c760cc804f66084615441c47825a7f8466c4e3d93"

    @Test func eip155Example() throws {
        let tx = try SignedTransaction(raw: try bytes(Self.eip155Raw))
        #expect(tx.kind == .legacy)
        #expect(tx.chainId == 1 && tx.nonce == 9 && tx.gasLimit == 21000)
        #expect(tx.maxFeePerGasWei == UInt256(20_000_000_000))
        #expect(tx.valueWei == UInt256(1_000_000_000_000_000_000))
        #expect(tx.to == (try address("0x3535353535353535353535353535353535353535")))
        #expect(tx.data.isEmpty && tx.yParity == 0)
        #expect(
            tx.signingHash
                == (try word("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")))
        #expect(try tx.sender() == (try address("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")))
        #expect(
            tx.hash
                == (try word("33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")))
        try tx.check(chainId: 1)
        #expect(throws: TransactionError.wrongChainId(expected: 5, actual: 1)) {
            try tx.check(chainId: 5)
        }
    }

    @Test func signingReproducesTheEIP155Example() throws {
        let request = TransactionRequest(
            kind: .legacy, chainId: 1, nonce: 9, maxFeePerGasWei: UInt256(20_000_000_000),
            gasLimit: 21000, to: try address("0x3535353535353535353535353535353535353535"),
            valueWei: UInt256(1_000_000_000_000_000_000), data: [])
        #expect(
            request.signed(with: try PrivateKey(hex: Self.key46)).raw == (try bytes(Self.eip155Raw))
        )
    }

    @Test func eip1559Vector() throws {
        let tx = try SignedTransaction(raw: try bytes(Self.dynamicRaw))
        #expect(tx.kind == .dynamicFee && tx.chainId == 31337 && tx.nonce == 3)
        #expect(tx.maxPriorityFeePerGasWei == UInt256(1_000_000_000))
        #expect(tx.maxFeePerGasWei == UInt256(2_000_000_000) && tx.gasLimit == 100_000)
        #expect(tx.data.count == 36 && tx.data.prefix(4) == [0xee, 0x99, 0x7b, 0xd8])
        #expect(
            tx.signingHash
                == (try word("8dc0f0b741d59a51bf0e093e92d32dd2a07d5f88acbfda4a6def5cb086b87d0f")))
        #expect(
            tx.hash
                == (try word("518ca1504b1ad129d73bed25b12795fbd9a6969877f448a6b07591c574b618ef")))
        #expect(try tx.sender() == (try address("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")))
    }

    @Test func signedRequestsRoundTrip() throws {
        let key = try PrivateKey(hex: Self.key46)
        for kind in [SignedTransaction.Kind.legacy, .dynamicFee] {
            let tx = TransactionRequest(
                kind: kind, chainId: 17000, nonce: 0, to: nil, data: [1, 2, 3]
            ).signed(with: key)
            let decoded = try SignedTransaction(raw: tx.raw)
            #expect(decoded == tx && decoded.to == nil && decoded.chainId == 17000)
            #expect(try decoded.sender() == key.address)
        }
    }

    /// The EIP-1559 vector with `s` replaced by n − s (the malleated twin) and yParity flipped.
    static func highS() throws -> [UInt8] {
        let items = try RLP.decode(Array(try bytes(dynamicRaw).dropFirst())).list(field: "tx")
        let s = try items[11].uint256(field: "s")
        let highS = UInt256(ECDSA.curveOrder).subtractingReportingOverflow(s).partialValue
        let flipped = try items[9].uint64(field: "y") ^ 1
        var fields = items
        fields[9] = .uint(flipped)
        fields[11] = .uint(highS)
        return [2] + RLP.encode(.list(fields))
    }

    @Test func refusals() throws {
        #expect(throws: TransactionError.empty) { try SignedTransaction(raw: []) }
        #expect(throws: TransactionError.unsupportedType(1)) {
            try SignedTransaction(raw: [1, 0xc0])
        }
        #expect(throws: TransactionError.unsupportedType(3)) {
            try SignedTransaction(raw: [3, 0xc0])
        }
        #expect(throws: TransactionError.highS) { try SignedTransaction(raw: try Self.highS()) }
        var truncated = try bytes(Self.eip155Raw)
        truncated.removeLast()
        #expect(throws: TransactionError.rlp(.truncated(offset: 0, needed: 110, available: 109))) {
            try SignedTransaction(raw: truncated)
        }
        #expect(
            throws: TransactionError.rlp(
                .wrongItemCount(field: "EIP-1559 transaction", expected: 12, actual: 0))
        ) { try SignedTransaction(raw: [2, 0xc0]) }
    }

    @Test func legacyV() throws {
        var items = try RLP.decode(try bytes(Self.eip155Raw)).list(field: "tx")
        items[6] = .uint(UInt64(27))
        #expect(throws: TransactionError.missingChainId) {
            try SignedTransaction(raw: RLP.encode(.list(items)))
        }
        items[6] = .uint(UInt64(30))
        #expect(throws: TransactionError.invalidV("30")) {
            try SignedTransaction(raw: RLP.encode(.list(items)))
        }
        items[6] = .uint(UInt64(38))  // chain 1, wrong parity: decodes, recovers someone else
        let other = try SignedTransaction(raw: RLP.encode(.list(items)))
        #expect(other.chainId == 1)
        #expect(
            (try? other.sender()) != (try address("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")))
        items[0] = .bytes([0, 9])
        #expect(throws: TransactionError.rlp(.leadingZeroInteger(field: "nonce"))) {
            try SignedTransaction(raw: RLP.encode(.list(items)))
        }
        items[0] = .uint(UInt64(9))
        items[7] = .bytes([])
        #expect(throws: TransactionError.signatureValueOutOfRange(field: "r")) {
            try SignedTransaction(raw: RLP.encode(.list(items)))
        }
    }
}

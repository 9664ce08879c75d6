import Ethereum
import SpottedProtocol
import Testing

/// Signatures made by the protocol code, written for the independent checker
/// (`tools/interop/verify_signatures.py`, Python eth-account) when `SPOTTED_INTEROP_EXPORT`
/// names a file. Each line carries the full EIP-712 typed data, so the checker recomputes the
/// digest itself before recovering the signer.
@Suite struct InteropExportTests {
    static func json(_ s: String) -> String { "\"" + s + "\"" }

    static func line(
        kind: String, typedData: String, digest: Word, signature: [UInt8], signer: Address
    ) -> String {
        "{\"kind\":\(json(kind)),\"typedData\":\(typedData),\"digest\":\(json(digest.description)),"
            + "\"signature\":\(json(Hex.encode(signature))),\"signer\":\(json(signer.checksummed))}"
    }

    static func registrationLine(_ h: Harness, _ op: Harness.Operator, salt: Word, expiry: UInt256)
        -> String
    {
        let sig = h.registrationSignature(op, salt: salt, expiry: expiry)
        let typed = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],\
            "OperatorAVSRegistration":[{"name":"operator","type":"address"},{"name":"avs","type":"address"},{"name":"salt","type":"bytes32"},{"name":"expiry","type":"uint256"}]},\
            "primaryType":"OperatorAVSRegistration","domain":{"name":"EigenLayer","chainId":\(h.genesis.mainChainId),"verifyingContract":\(json(h.genesis.avsDirectory.checksummed))},\
            "message":{"operator":\(json(op.address.checksummed)),"avs":\(json(h.genesis.serviceManager.checksummed)),"salt":\(json(salt.description)),"expiry":\(expiry)}}
            """
        let digest = AVSDirectory.registrationDigest(
            operator: op.address, genesis: h.genesis, salt: salt, expiry: expiry)
        return line(
            kind: "avs-registration", typedData: typed, digest: digest, signature: sig.signature,
            signer: op.address)
    }

    static func claimLine(_ h: Harness, _ op: Harness.Operator, _ claim: StateClaim) -> String {
        let domain = h.genesis.resolverDomain
        let typed = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],\
            "State":[{"name":"user","type":"address"},{"name":"chainId","type":"uint32"},{"name":"blockNumber","type":"uint64"},{"name":"timestamp","type":"uint48"},{"name":"key","type":"uint256"},{"name":"value","type":"uint256"}]},\
            "primaryType":"State","domain":{"name":"SpottedStateResolver","version":"1.0.0","chainId":\(h.genesis.mainChainId),"verifyingContract":\(json(h.genesis.resolver.checksummed))},\
            "message":{"user":\(json(claim.user.checksummed)),"chainId":\(claim.chainId),"blockNumber":\(claim.blockNumber),"timestamp":\(claim.timestamp),"key":\(claim.key),"value":\(claim.value)}}
            """
        let digest = claim.digest(domain: domain)
        return line(
            kind: "state-claim", typedData: typed, digest: digest,
            signature: op.signingKey.sign(digest: digest).bytes, signer: op.signingKey.address)
    }

    @Test("registration and State-claim signatures, exported for eth-account")
    func export() throws {
        let h = try Harness()
        var lines = [String]()
        for i in 0..<60 {
            let op = try Harness.Operator("interop-\(i)")
            let salt = Keccak256.hash("salt \(i)")
            let expiry = UInt256(1_700_000_000 + UInt64(i) * 3_600)
            lines.append(Self.registrationLine(h, op, salt: salt, expiry: expiry))
            let claim = try StateClaim(
                user: Address(lowBytesOf: Keccak256.hash("user \(i)")),
                chainId: UInt32(i * 7919 % 100_000),
                blockNumber: UInt64(i) * 1_000_003, timestamp: 1_700_000_000 + UInt64(i),
                key: UInt256(Keccak256.hash("key \(i)")), value: UInt256(UInt64(i) * 1_000_000_007))
            lines.append(Self.claimLine(h, op, claim))
            // Our own recovery agrees before anything is exported.
            let digest = claim.digest(domain: h.genesis.resolverDomain)
            #expect(
                try ECDSA.recover(
                    digest: digest, signature: op.signingKey.sign(digest: digest).bytes)
                    == op.signingKey.address)
        }
        #expect(lines.count == 120)
        if let path = Environment.get("SPOTTED_INTEROP_EXPORT") {
            let text = lines.joined(separator: "\n") + "\n"
            guard let file = fopen(path, "w") else {
                Issue.record("cannot write \(path)")
                return
            }
            defer { fclose(file) }
            #expect(fputs(text, file) >= 0)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

enum Environment {
    static func get(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

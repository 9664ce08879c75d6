import Ethereum
import Foundation
import SpottedLedger
import SpottedProtocol
import Testing

/// The decoded views (`events`, `queue`, `history`), the money views (`rewards`, balances in
/// `state` and `audit`) and the helpers (`claim digest`, `bundle encode`, `recover`), run as a
/// real process on a simulated ledger and checked against the library and the audit trail.
@Suite(.serialized) struct CLIViewsTests {
    typealias CLI = CLITests

    /// `name=value` pairs of a decoded table line (lists in brackets kept whole).
    static func pairs(_ line: String) -> [String: String] {
        var out = [String: String]()
        let regex = #/(\w+)=(\[[^\]]*\]|\{[^}]*\}|\S+)/#
        for m in line.matches(of: regex) { out[String(m.1)] = String(m.2) }
        return out
    }

    static func simulated(_ dir: String) throws -> String {
        let ledger = dir + "/ledger"
        let sim = try CLI.run([
            "simulate", "--ledger", ledger, "--operators", "12", "--chains", "2", "--epochs", "5",
            "--dishonest", "2", "--json",
        ])
        #expect(sim.status == 0, "\(sim.err)")
        return ledger
    }

    @Test("events, queue, history and state show decoded fields, values before → after, balances")
    func decodedViews() throws {
        guard FileManager.default.isExecutableFile(atPath: CLI.tool.path) else {
            Issue.record("missing \(CLI.tool.path): build all products first")
            return
        }
        let dir = NSTemporaryDirectory() + "spotted-views-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Self.simulated(dir)
        let engine = try Engine(directory: ledger)

        let transitions = try CLI.run([
            "events", "--ledger", ledger, "--kind", "epoch-transition", "--limit", "2",
        ])
        #expect(
            transitions.status == 0 && transitions.out.contains("epoch=1"), "\(transitions.out)")
        let registers = try CLI.json(
            "{\"rows\":"
                + (try CLI.run([
                    "events", "--ledger", ledger, "--kind", "register-operator", "--limit", "1",
                    "--json",
                ]).out) + "}")
        let row = try #require((registers["rows"] as? [[String: Any]])?.first)
        let fields = try #require(row["fields"] as? [String: Any])
        #expect(Set(fields.keys) == ["signature", "salt", "expiry", "signingKey", "p2pKey"])
        let key = try #require(fields["signingKey"] as? String)
        #expect(try Address(key).checksummed == key, "addresses are EIP-55")

        // A batch delivered to a replica is decoded update by update; a verification is not.
        let deliveries = try CLI.run([
            "events", "--ledger", ledger, "--kind", "deliver-message", "--chain", "2",
            "--limit", "1",
        ])
        #expect(deliveries.out.contains("batch={epoch: "), "\(deliveries.out)")
        #expect(deliveries.out.contains("{type: register, operator: 0x"))
        let verifications = try CLI.run([
            "events", "--ledger", ledger, "--kind", "deliver-message", "--chain", "1",
        ])
        #expect(verifications.out.contains("payload=0x") && !verifications.out.contains("batch="))

        let queue = try CLI.run(["queue", "--ledger", ledger, "--epoch", "2"])
        #expect(queue.status == 0 && queue.out.contains("operator=0x"), "\(queue.out)")
        let queueJSON = try CLI.json(
            try CLI.run(["queue", "--ledger", ledger, "--epoch", "2", "--json"]).out)
        let update = try #require((queueJSON["updates"] as? [[String: Any]])?.first)
        #expect(update["fields"] is [String: Any])

        let op = try #require(engine.state.stakeRegistry.operators.keys.sorted().first)
        let history = try CLI.run(["history", "--ledger", ledger, "--operator", op.checksummed])
        #expect(history.out.contains("registered false → true"), "\(history.out)")
        #expect(history.out.contains("in force from epoch"))
        let changes = try engine.operatorHistory(op).changes
        let registered = try #require(changes.first { $0.kind == "register-operator" })
        let clock = try #require(engine.state.clock)
        let block = try engine.log.entry(registered.sequence).record.blockNumber
        #expect(registered.effectiveEpoch.value == (try clock.effectiveEpoch(at: block)))

        let state = try CLI.run(["state", "--ledger", ledger])
        #expect(state.out.contains("bonds     claimable") && state.out.contains("treasury"))
        // The simulator's challengers all succeed and withdraw their refunded bonds.
        let balances = ClaimableBalances(engine.state)
        let refunded = try engine.archivedChallenges().filter {
            $0.resolution?.successful == true
        }
        #expect(!balances.claimed.isEmpty)
        for b in balances.claimed {
            let bonds = refunded.filter { $0.challenger == b.account }.reduce(UInt256.zero) {
                $0.addingReportingOverflow($1.bondWei).partialValue
            }
            #expect(b.amountWei == bonds)
            #expect(state.out.contains("claimed    \(b.account)  \(b.amountWei) wei"))
        }
        #expect(balances.claimable.isEmpty && balances.treasuryWei.isZero)
    }

    @Test("rewards, claim digest, recover and bundle encode agree with the library and the audit")
    func moneyAndHelpers() throws {
        guard FileManager.default.isExecutableFile(atPath: CLI.tool.path) else {
            Issue.record("missing \(CLI.tool.path): build all products first")
            return
        }
        let dir = NSTemporaryDirectory() + "spotted-helpers-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Self.simulated(dir)
        let engine = try Engine(directory: ledger)

        // rewards: the recorded submission; every operator's amount sums to the pool.
        let record = try #require(try engine.archivedRewards(epoch: 1))
        let rewards = try CLI.run(["rewards", "--ledger", ledger, "--epoch", "1"])
        #expect(rewards.status == 0 && rewards.out.contains(record.submissionHash.description))
        #expect(rewards.out.contains("remainder to \(record.remainderTo)"))
        let report = try engine.rewards(epoch: 1)
        let paid = report.operators.reduce(UInt256.zero) {
            $0.addingReportingOverflow($1.amount).partialValue
        }
        #expect(paid == record.amount)
        #expect(report.quorum.map(\.strategy) == record.strategiesAndMultipliers.map(\.strategy))
        #expect(try CLI.run(["rewards", "--ledger", ledger, "--epoch", "99"]).status == 1)

        // A challenge as the log holds it: its fields give the claim digest the audit shows.
        let line = try #require(
            try CLI.run([
                "events", "--ledger", ledger, "--kind", "submit-challenge", "--limit", "1",
            ])
            .out.split(separator: "\n").first { $0.contains("user=") })
        let f = Self.pairs(String(line))
        let digest = try CLI.run([
            "claim", "digest", "--ledger", ledger, "--user", f["user"] ?? "", "--chain",
            f["chainId"] ?? "", "--block", f["blockNumber"] ?? "", "--timestamp",
            f["timestamp"] ?? "", "--key", f["key"] ?? "", "--value", f["value"] ?? "",
        ])
        #expect(digest.status == 0, "\(digest.err)")
        let taskLine = try #require(
            digest.out.split(separator: "\n").first { $0.hasPrefix("taskId") })
        let taskId = try Word(hex: try #require(taskLine.split(separator: " ").last))
        let challenge = try #require(
            try engine.state.stateDisputeResolver.challenges[taskId]
                ?? engine.archivedChallenge(taskId))
        let genesis = try #require(engine.state.genesis)
        let expected = challenge.claim.digest(domain: genesis.resolverDomain)
        #expect(digest.out.contains("digest      \(expected)"), "\(digest.out)")

        // recover: each signature gives its recorded signer, mapped to its operator at some epoch.
        for (i, signature) in challenge.signatures.enumerated() {
            var operators = Set<String>()
            for epoch in 0...engine.state.currentEpoch {
                let r = try CLI.run([
                    "recover", "--ledger", ledger, "--digest", expected.description, "--signature",
                    Hex.encode(signature), "--epoch", String(epoch),
                ])
                #expect(r.out.contains("signer    \(challenge.signers[i])"), "\(r.out)")
                let mapped = r.out.split(separator: "\n").last.map {
                    String($0.dropFirst(10).prefix(42))
                }
                if let mapped, mapped.hasPrefix("0x") { operators.insert(mapped) }
            }
            #expect(operators == [challenge.operators[i].checksummed])
        }
        #expect(
            try CLI.run([
                "recover", "--ledger", ledger, "--digest", expected.description, "--signature",
                "0x" + String(repeating: "00", count: 65),
            ]).status == 1)

        // bundle encode: the library's signatureData, accepted by the same decoder.
        var args = ["bundle", "encode", "--reference-epoch", "2"]
        for (op, sig) in zip(challenge.operators, challenge.signatures).reversed() {
            args += ["--operator", op.checksummed, "--signature", Hex.encode(sig)]
        }
        let bundle = try CLI.run(args)
        let library = SignatureBundle(
            sorting: zip(challenge.operators, challenge.signatures).map {
                (operator: $0.0, signature: $0.1)
            }, referenceEpoch: 2)
        #expect(bundle.status == 0 && bundle.out == Hex.encode(library.encoded()) + "\n")
        #expect(
            try CLI.run([
                "bundle", "encode", "--operator", challenge.operators[0].checksummed,
                "--reference-epoch", "1",
            ]).status == 2)

        // audit shows the bond's fate and the balances.
        let audit = try CLI.run(["audit", "--ledger", ledger, "--first"])
        #expect(audit.out.contains("bond      refunded"), "\(audit.out)")
    }
}

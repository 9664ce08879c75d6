import Ethereum
import EventLog
import SpottedProtocol

/// The audit trail of one challenge and its slashes: every item with its log sequence number, and
/// every signature re-checked against the claim's digest and the signing-key index.
public struct SlashAuditReport: Encodable, Sendable {
    /// The signed claim the challenge disputes.
    public struct Claim: Encodable, Sendable {
        /// The user whose state slot is claimed.
        public var user: Address
        /// The chain the slot lives on (uint32 in the claim; u64 like every chain id in reports).
        public var chainId: UInt64
        /// The block the value is claimed at.
        public var blockNumber: UInt64
        /// The block's timestamp, in seconds (uint48).
        public var timestamp: UInt64
        /// The StateManager key.
        public var key: UInt256
        /// The value the operators signed for the key.
        public var claimedValue: UInt256
        /// The EIP-712 digest the operators signed.
        public var digest: Word
    }

    /// One signature of the claim: its operator, the key it recovered to, and whether that still holds.
    public struct Signer: Encodable, Sendable {
        /// The operator the signature counts for.
        public var `operator`: Address
        /// The signing key the challenge recorded for the signature.
        public var signingKey: Address
        /// The signature recovers to `signingKey` again, and the index maps that key to `operator`.
        public var rechecked: Bool
    }

    /// The value the remote chain verified, delivered to the main chain.
    public struct Verification: Encodable, Sendable {
        /// The value the remote chain found for the key.
        public var value: UInt256
        /// The sequence of the delivery that brought it to the main chain.
        public var sequence: UInt64
        /// The chain that verified it (the claim's chain).
        public var sourceChainId: UInt64
        /// The bridge message's guid.
        public var guid: Word
    }

    /// How the challenge was resolved; `rule` is the resolution rule's text.
    public struct Resolution: Encodable, Sendable {
        /// The challenge succeeded (the claim was wrong).
        public var successful: Bool
        /// The resolution rule that decided it, in words.
        public var rule: String
        /// The sequence of the resolving event.
        public var sequence: UInt64
    }

    /// One strategy of a slash: the WAD slashed and the magnitude and shares before and after.
    public struct StrategySlash: Encodable, Sendable {
        /// The strategy slashed.
        public var strategy: Address
        /// The share of the maximum magnitude actually slashed, in WAD (1e18 = all).
        public var wadSlashed: UInt256
        /// The operator's current magnitude in the strategy before the slash, in WAD.
        public var magnitudeBefore: UInt64
        /// The operator's current magnitude in the strategy after the slash, in WAD.
        public var magnitudeAfter: UInt64
        /// The operator's shares in the strategy before the slash.
        public var sharesBefore: UInt256
        /// The operator's shares in the strategy after the slash.
        public var sharesAfter: UInt256
    }

    /// Whether a replica has applied the batch that carries a slash's new weight.
    public struct ReplicaSighting: Encodable, Sendable {
        /// The replica's chain.
        public var chainId: UInt64
        /// The sequence of the delivery that applied the batch, or null when not applied yet.
        public var appliedSequence: OrAbsent<UInt64>
    }

    /// One operator's slash.
    public struct Slash: Encodable, Sendable {
        /// The operator slashed.
        public var `operator`: Address
        /// The operator set the slash was made in.
        public var operatorSetId: UInt32
        /// The share of magnitude to slash, in WAD (1e18 = all).
        public var wadToSlash: UInt256
        /// What each strategy lost.
        public var strategies: [StrategySlash]
        /// The operator's weight before the slash.
        public var weightBefore: UInt256
        /// The operator's weight after the refresh that followed the slash.
        public var weightAfter: UInt256
        /// The epoch from which registries, and by batch the replicas, use the new weight.
        public var effectiveEpoch: UInt32
        /// Each replica chain's sighting of the new weight, by chain.
        public var replicas: [ReplicaSighting]
    }

    /// A signed transaction the log keeps beside one of the audited entries (JSON-RPC writes).
    public struct StoredTransaction: Encodable, Sendable {
        /// The entry's sequence.
        public var sequence: UInt64
        /// What the entry did: `submit-challenge` or `resolve-challenge`.
        public var step: String
        /// keccak256 of the raw transaction: its Ethereum transaction hash.
        public var transactionHash: Word
        /// The raw transaction as it was sent (`eth_sendRawTransaction`).
        public var rawTransaction: HexBytes
    }

    /// The challenge's id.
    public var challenge: Word
    /// The sequence of the `submit-challenge` event.
    public var submittedSequence: UInt64
    /// Who submitted the challenge.
    public var challenger: Address
    /// The challenger's bond, in wei.
    public var bond: UInt256
    /// The claim disputed.
    public var claim: Claim
    /// Every signature of the claim, re-checked.
    public var signers: [Signer]
    /// The verified value, or null when none was delivered.
    public var verification: OrAbsent<Verification>
    /// The resolution, or null while unresolved.
    public var resolution: OrAbsent<Resolution>
    /// The slashes the resolution made; empty when there were none.
    public var slashes: [Slash]
    /// What became of the bond: `pending` (unresolved), `refunded` (claimable by the challenger)
    /// or `forfeited` (to the treasury).
    public var bondOutcome: String
    /// The resolver's bond balances and treasury, the ledger's latest.
    public var balances: ClaimableBalances
    /// The signed transactions the submission and the resolution came as; empty when they came
    /// another way (CLI, HTTP actions, simulator).
    public var transactions: [StoredTransaction]

    /// Every signature re-checks.
    public var allSignersRecheck: Bool { signers.allSatisfy(\.rechecked) }
}

extension Engine {
    /// Every challenge's id, open (in the state) and resolved (in the archive), in submission order.
    public func challengeIDs() throws(QueryError) -> [Word] {
        let resolved: [Challenge]
        do { resolved = try archivedChallenges() } catch { throw .engine(error) }
        return (Array(state.stateDisputeResolver.challenges.values) + resolved).sorted {
            $0.submittedSequence < $1.submittedSequence
        }.map(\.id)
    }

    /// The audit trail of challenge `id`, or of the first successful challenge (by submission
    /// sequence) when `id` is nil.
    public func slashAudit(challenge id: Word?) throws(QueryError) -> SlashAuditReport {
        guard let genesis = state.genesis else { throw .notFound("the ledger has no genesis") }
        let chosen: Challenge?
        do throws(EngineError) {
            // Open challenges are in the state; resolved ones (every successful one) in the archive.
            if let id {
                if let open = state.stateDisputeResolver.challenges[id] {
                    chosen = open
                } else {
                    chosen = try archivedChallenge(id)
                }
            } else {
                chosen = try archivedChallenges().filter { $0.resolution?.successful == true }
                    .min { $0.submittedSequence < $1.submittedSequence }
            }
        } catch {
            throw .engine(error)
        }
        guard let c = chosen else {
            throw .notFound(
                id.map { "no challenge \($0) in the ledger" }
                    ?? "the ledger has no successful challenge")
        }
        let digest = c.claim.digest(domain: genesis.resolverDomain)
        let signers = c.signatures.indices.map { i in
            let recovered = try? ECDSA.recover(digest: digest, signature: c.signatures[i])
            let rechecked =
                recovered == c.signers[i]
                && state.stakeRegistry.signingKeyOperator[c.signers[i]] == c.operators[i]
            return SlashAuditReport.Signer(
                operator: c.operators[i], signingKey: c.signers[i], rechecked: rechecked)
        }
        let claim = SlashAuditReport.Claim(
            user: c.claim.user, chainId: UInt64(c.claim.chainId), blockNumber: c.claim.blockNumber,
            timestamp: c.claim.timestamp, key: c.claim.key, claimedValue: c.claim.value,
            digest: digest)
        let r = c.resolution
        let verification = r?.verified.map { v in
            SlashAuditReport.Verification(
                value: v.value, sequence: v.sequence, sourceChainId: UInt64(c.claim.chainId),
                guid: v.guid)
        }
        let resolution = r.map {
            SlashAuditReport.Resolution(
                successful: $0.successful, rule: $0.rule.description, sequence: $0.sequence)
        }
        return SlashAuditReport(
            challenge: c.id, submittedSequence: c.submittedSequence, challenger: c.challenger,
            bond: c.bondWei,
            claim: claim, signers: signers, verification: OrAbsent(verification, absent: "none"),
            resolution: OrAbsent(resolution, absent: "unresolved"),
            slashes: (r?.slashes ?? []).map(auditedSlash),
            bondOutcome: r.map { $0.successful ? "refunded" : "forfeited" } ?? "pending",
            balances: ClaimableBalances(state),
            transactions: try storedTransactions(
                [(c.submittedSequence, "submit-challenge")]
                    + (r.map { [($0.sequence, "resolve-challenge")] } ?? [])))
    }

    /// The raw transactions the log stores for `steps` (sequence, what it did), in that order.
    private func storedTransactions(_ steps: [(UInt64, String)]) throws(QueryError)
        -> [SlashAuditReport.StoredTransaction]
    {
        var out = [SlashAuditReport.StoredTransaction]()
        for (sequence, step) in steps {
            let raw: [UInt8]?
            do { raw = try log.transaction(at: sequence) } catch { throw .engine(.log(error)) }
            guard let raw else { continue }
            out.append(
                SlashAuditReport.StoredTransaction(
                    sequence: sequence, step: step, transactionHash: Keccak256.hash(raw),
                    rawTransaction: HexBytes(raw)))
        }
        return out
    }

    /// One slash record as the audit shows it, with every replica's sighting of its batch.
    private func auditedSlash(_ sl: SlashRecord) -> SlashAuditReport.Slash {
        let strategies = sl.strategies.indices.map { i in
            SlashAuditReport.StrategySlash(
                strategy: sl.strategies[i], wadSlashed: sl.wadSlashed[i],
                magnitudeBefore: sl.magnitudeBefore[i].currentWad,
                magnitudeAfter: sl.magnitudeAfter[i].currentWad,
                sharesBefore: sl.sharesBefore[i], sharesAfter: sl.sharesAfter[i])
        }
        let replicas = state.replicas.keys.sorted().map { chain in
            SlashAuditReport.ReplicaSighting(
                chainId: chain,
                appliedSequence: OrAbsent(
                    state.replicas[chain]?.appliedBatches[sl.effectiveEpoch],
                    absent: "not applied yet")
            )
        }
        return SlashAuditReport.Slash(
            operator: sl.operator, operatorSetId: sl.operatorSetId, wadToSlash: sl.wadToSlash,
            strategies: strategies,
            weightBefore: sl.weightBefore, weightAfter: sl.weightAfter,
            effectiveEpoch: sl.effectiveEpoch,
            replicas: replicas)
    }
}

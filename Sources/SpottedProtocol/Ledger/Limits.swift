/// Every bound the protocol puts on input, checked where data enters (TigerBeetle: put a limit
/// on everything). A list over its bound is refused with `TooManyItems` (or the contract's own
/// error where it has one) before anything is written.
public enum Limits {
    /// Most operators one registry action may list.
    public static let maxOperatorsPerEvent = 2_000
    /// Most strategies one shares update or slashing configuration may list.
    public static let maxStrategiesPerEvent = 64
    /// Most strategies a quorum may list (bounds the weight computation).
    public static let maxQuorumStrategies = 32
    /// Most operator lists `updateOperatorsForQuorum` may carry.
    public static let maxQuorumLists = 16
    /// Largest bridge payload accepted for delivery, in bytes.
    public static let maxPayloadBytes = 4 << 20
    /// Most updates one batch may carry.
    public static let maxUpdatesPerBatch = 50_000
    /// StateManager `MAX_BATCH_SIZE`: most values one `batchSetValues` may write.
    public static let maxBatchSetValues = 100
    /// StateDisputeResolver `MAX_SIGNATURES`: most signatures one challenge may carry.
    public static let maxChallengeSignatures = 50
    /// Most signers one `isValidSignature` bundle may name.
    public static let maxBundleSigners = 1_000
}

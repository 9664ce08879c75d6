import Ethereum

/// A task and the signed responses operators gave to it.
public struct TaskRecord: Hashable, Sendable {
    /// One operator's answer.
    public struct Response: Hashable, Sendable {
        /// The value the operator claims.
        public var value: UInt256
        /// Its signature over the `State` digest, stored inline (65 bytes, no heap array per response).
        public var signature: Signature
        /// The signing key in force when it answered.
        public var signingKey: Address
        /// The epoch it answered in.
        public var epoch: UInt32
        /// The log sequence of the response.
        public var sequence: UInt64
    }
    /// The slot the task asks about.
    public var slot: StateSlot
    /// The log sequence of the task's creation.
    public var createdSequence: UInt64
    /// Last main-chain block at which responses are accepted: creation + the challenge window.
    /// The first epoch transition after it retires the task (the log keeps its responses).
    public var expiresAtBlock: UInt64
    /// Responses by operator.
    public var responses: [Address: Response] = [:]

    /// When responses close, and whether `op` has answered. `mutating` only so that a call through
    /// `tasks.values[i]` reaches the stored record in place: a plain read would copy it.
    mutating func window(for op: Address) -> (expiresAtBlock: UInt64, answered: Bool) {
        (expiresAtBlock, responses[op] != nil)
    }
}

/// An (epoch, operator) pair, for counting accepted responses.
public struct EpochOperator: Hashable, Comparable, Sendable {
    /// The epoch the responses were accepted in.
    public var epoch: UInt32
    /// The operator.
    public var `operator`: Address
    /// The pair.
    public init(epoch: UInt32, operator op: Address) {
        self.epoch = epoch
        self.operator = op
    }
    /// Ordered by epoch, then operator.
    public static func < (a: Self, b: Self) -> Bool {
        (a.epoch, a.operator) < (b.epoch, b.operator)
    }
    /// The address's keyed mix with the epoch folded into the seed (one per accepted response).
    public func _rawHashValue(seed: Int) -> Int {
        `operator`._rawHashValue(seed: seed ^ Int(epoch) &* 0x2545_F491)
    }
}

/// The off-chain task layer: tasks the generator created, the operators' signed responses, and
/// the responses accepted per (epoch, operator) that rewards are split by.
public struct Tasks: Hashable, Sendable {
    /// Open tasks by id (retired once their response window closes).
    public internal(set) var tasks: [Word: TaskRecord] = [:]
    /// Responses accepted per (epoch, operator), until that epoch is rewarded.
    public internal(set) var acceptedResponses: [EpochOperator: UInt64] = [:]

    /// No tasks yet.
    public init() {}

    /// The aggregated proof for a task's `value`: every response with that value, sorted by
    /// operator, as `abi.encode(address[], bytes[], uint32 referenceEpoch)`.
    public func proof(taskId: Word, value: UInt256, referenceEpoch: UInt32) -> SignatureBundle? {
        guard let task = tasks[taskId] else { return nil }
        let pairs = task.responses.filter { $0.value.value == value }
            .map { (operator: $0.key, signature: $0.value.signature.bytes) }
        return pairs.isEmpty ? nil : SignatureBundle(sorting: pairs, referenceEpoch: referenceEpoch)
    }
}

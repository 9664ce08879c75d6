import Ethereum

/// The value of a user's key on a chain at a block: what operators sign and challengers dispute.
///
/// Operators sign the EIP-712 digest of
/// `State(address user,uint32 chainId,uint64 blockNumber,uint48 timestamp,uint256 key,uint256 value)`
/// under the resolver's domain (DESIGN.md, "signed claim"). The task and challenge id leave the
/// value out, so every claim about one slot shares one id.
public struct StateClaim: Hashable, Sendable {
    /// The user whose StateManager value is claimed.
    public var user: Address
    /// The chain the value lives on.
    public var chainId: UInt32
    /// The block number at which the value is claimed.
    public var blockNumber: UInt64
    /// uint48 on chain; values ≥ 2^48 are refused by ``init(user:chainId:blockNumber:timestamp:key:value:)``.
    public var timestamp: UInt64
    /// The StateManager key.
    public var key: UInt256
    /// The claimed value.
    public var value: UInt256

    /// 2^48: the first timestamp (Unix seconds) that does not fit uint48.
    public static let timestampLimit: UInt64 = 1 << 48
    /// The EIP-712 type string of `State`.
    public static let typeString =
        "State(address user,uint32 chainId,uint64 blockNumber,uint48 timestamp,uint256 key,uint256 value)"
    /// Keccak-256 of ``typeString``: the EIP-712 type hash of `State`.
    public static let typeHash = Keccak256.hash(typeString)

    /// Why a claim was refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// The timestamp does not fit uint48.
        case timestampOutOfRange(UInt64)
        /// The refusal in words.
        public var description: String {
            switch self {
            case .timestampOutOfRange(let t): "state claim: timestamp \(t) does not fit uint48"
            }
        }
    }

    /// Creates a claim; refuses a timestamp of 2^48 seconds or more.
    public init(
        user: Address, chainId: UInt32, blockNumber: UInt64, timestamp: UInt64, key: UInt256,
        value: UInt256
    ) throws(StateClaim.Error) {
        guard timestamp < Self.timestampLimit else { throw .timestampOutOfRange(timestamp) }
        self.user = user
        self.chainId = chainId
        self.blockNumber = blockNumber
        self.timestamp = timestamp
        self.key = key
        self.value = value
    }

    /// A claim from a slot whose timestamp was already checked.
    init(unchecked slot: StateSlot, value: UInt256) {
        user = slot.user
        chainId = slot.chainId
        blockNumber = slot.blockNumber
        timestamp = slot.timestamp
        key = slot.key
        self.value = value
    }

    /// The slot this claim is about.
    public var slot: StateSlot {
        StateSlot(
            user: user, chainId: chainId, blockNumber: blockNumber, timestamp: timestamp, key: key)
    }

    /// keccak256(abi.encodePacked(user, uint32 chainId, uint64 blockNumber, uint48 timestamp, uint256 key)),
    /// a 70-byte preimage: the task id and the challenge id.
    public var taskId: Word {
        withUnsafeTemporaryAllocation(byteCount: 70, alignment: 8) { buffer in
            var offset = 0
            func put<T: FixedWidthInteger>(_ value: T, _ width: Int) {
                for i in 0..<width {
                    buffer[offset + i] = UInt8(truncatingIfNeeded: value >> ((width - 1 - i) * 8))
                }
                offset += width
            }
            put(user.hi, 4)
            put(user.mid, 8)
            put(user.lo, 8)
            put(chainId, 4)
            put(blockNumber, 8)
            put(timestamp, 6)
            key.word.store(into: buffer, at: offset)
            return Keccak256.hash(UnsafeRawBufferPointer(buffer))
        }
    }

    /// hashStruct(State).
    public var structHash: Word {
        EIP712.hashStruct(
            typeHash: Self.typeHash,
            fields: [
                user.word, UInt256(UInt64(chainId)).word, UInt256(blockNumber).word,
                UInt256(timestamp).word, key.word, value.word,
            ])
    }

    /// The digest operators sign: `\x19\x01 ‖ domainSeparator ‖ structHash`.
    public func digest(domain: EIP712.Domain) -> Word {
        digest(domainSeparator: domain.separator)
    }

    /// The same, with the domain's separator already computed.
    public func digest(domainSeparator: Word) -> Word {
        EIP712.digest(domainSeparator: domainSeparator, structHash: structHash)
    }

    /// The StateDisputeResolver's EIP-712 domain on the main chain.
    public static func resolverDomain(chainId: UInt256, resolver: Address) -> EIP712.Domain {
        EIP712.Domain(
            name: "SpottedStateResolver", version: "1.0.0", chainId: chainId,
            verifyingContract: resolver)
    }
}

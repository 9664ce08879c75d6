/// EIP-712 typed structured data: type strings, type hashes, struct hashes, domain separators and
/// the `\x19\x01` digest that wallets sign raw.
public enum EIP712 {
    /// keccak256("\x19\x01" ‖ domainSeparator ‖ structHash).
    public static func digest(domainSeparator: Word, structHash: Word) -> Word {
        var hasher = Keccak256()
        hasher.update([0x19, 0x01])
        hasher.update(domainSeparator)
        hasher.update(structHash)
        return hasher.finalize()
    }

    /// keccak256(typeHash ‖ w1 ‖ … ‖ wn): `hashStruct` of a struct whose fields are already
    /// encoded as words (static fields as is, `string`/`bytes` as their keccak256).
    public static func hashStruct(typeHash: Word, fields: [Word]) -> Word {
        var hasher = Keccak256()
        hasher.update(typeHash)
        for field in fields { hasher.update(field) }
        return hasher.finalize()
    }

    /// An EIP-712 domain; only the fields that are set take part, in the standard order.
    public struct Domain: Hashable, Sendable {
        /// The signing domain's name (`name`).
        public var name: String?
        /// The signing domain's version (`version`).
        public var version: String?
        /// The EIP-155 chain id (`chainId`).
        public var chainId: UInt256?
        /// The contract that verifies signatures (`verifyingContract`).
        public var verifyingContract: Address?
        /// A disambiguating salt (`salt`).
        public var salt: Word?

        /// A domain with the given fields set.
        public init(
            name: String? = nil, version: String? = nil, chainId: UInt256? = nil,
            verifyingContract: Address? = nil, salt: Word? = nil
        ) {
            self.name = name
            self.version = version
            self.chainId = chainId
            self.verifyingContract = verifyingContract
            self.salt = salt
        }

        /// `EIP712Domain(...)` listing exactly the fields that are set.
        public var typeString: String {
            var fields = [String]()
            if name != nil { fields.append("string name") }
            if version != nil { fields.append("string version") }
            if chainId != nil { fields.append("uint256 chainId") }
            if verifyingContract != nil { fields.append("address verifyingContract") }
            if salt != nil { fields.append("bytes32 salt") }
            return "EIP712Domain(" + fields.joined(separator: ",") + ")"
        }

        /// hashStruct(EIP712Domain).
        public var separator: Word {
            var words = [Word]()
            if let name { words.append(Keccak256.hash(name)) }
            if let version { words.append(Keccak256.hash(version)) }
            if let chainId { words.append(chainId.word) }
            if let verifyingContract { words.append(verifyingContract.word) }
            if let salt { words.append(salt) }
            return EIP712.hashStruct(typeHash: Keccak256.hash(typeString), fields: words)
        }
    }

    /// One member of a struct type: `type name`.
    public struct Field: Hashable, Sendable {
        /// The member's name.
        public var name: String
        /// The member's Solidity type, e.g. `uint256` or `Person[]`.
        public var type: String
        /// A member `type name`.
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// A message value: atomic values as text (integers decimal or `0x` hex, addresses and bytes
    /// as `0x` hex, bools `true`/`false`, strings as they are), arrays as lists, structs as records.
    public indirect enum Value: Hashable, Sendable {
        /// An atomic value, as text.
        case text(String)
        /// An array's elements, in order.
        case list([Value])
        /// A struct's members, by field name.
        case record([String: Value])
    }

    /// Why typed data was refused.
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        /// A type name that is neither atomic nor among the declared struct types.
        case unknownType(String)
        /// A struct value lacks a field its type declares: the field and the struct type.
        case missingField(String, type: String)
        /// A value does not fit its type: the type, the value's path, and why.
        case invalidValue(type: String, path: String, reason: String)

        /// The failure in words.
        public var description: String {
            switch self {
            case .unknownType(let t): "eip712: unknown type '\(t)'"
            case .missingField(let f, let t): "eip712: missing field '\(f)' of \(t)"
            case .invalidValue(let t, let p, let r): "eip712: invalid \(t) at \(p): \(r)"
            }
        }
    }
}

import Ethereum

/// EigenLayer's AVSDirectory for this AVS: the operators registered to it and the salts they
/// have spent.
public struct AVSDirectory: Hashable, Sendable {
    /// An operator's registration salt; each may be used once.
    public struct OperatorSalt: Hashable, Comparable, Sendable {
        /// The operator that signed with the salt.
        public var `operator`: Address
        /// The salt.
        public var salt: Word
        /// The pair.
        public init(operator: Address, salt: Word) {
            self.operator = `operator`
            self.salt = salt
        }
        /// Ordered by operator, then salt (canonical order).
        public static func < (a: Self, b: Self) -> Bool {
            (a.operator, a.salt) < (b.operator, b.salt)
        }
    }

    /// Operators registered to the AVS.
    public internal(set) var registered: Set<Address> = []
    /// Spent (operator, salt) pairs.
    public internal(set) var spentSalts: Set<OperatorSalt> = []

    /// No registrations yet.
    public init() {}

    static let registrationTypeHash = Keccak256.hash(
        "OperatorAVSRegistration(address operator,address avs,bytes32 salt,uint256 expiry)")

    /// `calculateOperatorAVSRegistrationDigestHash(operator, avs, salt, expiry)`.
    public static func registrationDigest(
        operator op: Address, genesis: LedgerGenesis, salt: Word,
        expiry: UInt256
    ) -> Word {
        let structHash = EIP712.hashStruct(
            typeHash: registrationTypeHash,
            fields: [op.word, genesis.serviceManager.word, salt, expiry.word])
        return EIP712.digest(
            domainSeparator: genesis.avsDirectoryDomain.separator, structHash: structHash)
    }
}

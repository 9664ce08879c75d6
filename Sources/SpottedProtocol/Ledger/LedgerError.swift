import Ethereum

/// Rules of the ledger itself, shared by every contract: genesis, chains, block order, input bounds, arithmetic, and `Ownable`.
public enum LedgerError: ContractError {
    /// Every event but `genesis` needs a genesis first.
    case genesisMissing
    /// There is one `genesis` event, the first.
    case genesisAlreadySet
    /// The genesis parameters are inconsistent (e.g. the epoch clock refuses them).
    case invalidGenesis(String)
    /// Block numbers on a chain never decrease.
    case blockNumberDecreased(chainId: UInt64, last: UInt64, got: UInt64)
    /// The event must be on the chain its contract lives on.
    case wrongChain(expected: UInt64, got: UInt64)
    /// A list field is longer than its bound in ``Limits``.
    case tooManyItems(field: String, count: Int, limit: Int)
    /// An input's bytes do not decode as its ABI type.
    case invalidPayload(String)
    /// A uint256 sum or product overflowed (Solidity's checked arithmetic).
    case arithmeticOverflow(String)
    /// `onlyOwner`: the sender is not the genesis owner.
    case ownableUnauthorizedAccount(Address)
    /// OZ v5 `Ownable` constructor: the owner must be non-zero.
    case ownableInvalidOwner(Address)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .genesisMissing: "GenesisMissing"
        case .genesisAlreadySet: "GenesisAlreadySet"
        case .invalidGenesis: "InvalidGenesis"
        case .blockNumberDecreased: "BlockNumberDecreased"
        case .wrongChain: "WrongChain"
        case .tooManyItems: "TooManyItems"
        case .invalidPayload: "InvalidPayload"
        case .arithmeticOverflow: "ArithmeticOverflow"
        case .ownableUnauthorizedAccount: "OwnableUnauthorizedAccount"
        case .ownableInvalidOwner: "OwnableInvalidOwner"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .genesisMissing: 1
        case .genesisAlreadySet: 2
        case .invalidGenesis: 3
        case .blockNumberDecreased: 4
        case .wrongChain: 5
        case .tooManyItems: 6
        case .invalidPayload: 7
        case .arithmeticOverflow: 8
        case .ownableUnauthorizedAccount: 9
        case .ownableInvalidOwner: 10
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .genesisMissing: "the ledger has no genesis event yet"
        case .genesisAlreadySet: "the ledger already has a genesis event"
        case .invalidGenesis(let why): why
        case .blockNumberDecreased(let chain, let last, let got):
            "block number on chain \(chain) went back from \(last) to \(got)"
        case .wrongChain(let expected, let got):
            "event for chain \(got) where chain \(expected) was expected"
        case .tooManyItems(let field, let count, let limit):
            "\(field) has \(count) items, limit \(limit)"
        case .invalidPayload(let why): why
        case .arithmeticOverflow(let what): "uint256 overflow in \(what)"
        case .ownableUnauthorizedAccount(let caller): "caller \(caller) is not the owner"
        case .ownableInvalidOwner(let owner): "owner \(owner) is not a valid owner"
        }
    }
}

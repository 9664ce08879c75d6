import Ethereum

/// Rules of the ledger itself, shared by every contract: genesis, chains, block order, input bounds, arithmetic, and `Ownable`.
public enum LedgerError: ContractError {
    case genesisMissing
    case genesisAlreadySet
    case invalidGenesis(String)
    case blockNumberDecreased(chainId: UInt64, last: UInt64, got: UInt64)
    case wrongChain(expected: UInt64, got: UInt64)
    case tooManyItems(field: String, count: Int, limit: Int)
    case invalidPayload(String)
    case arithmeticOverflow(String)
    case ownableUnauthorizedAccount(Address)

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
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .genesisMissing: "the ledger has no genesis event yet"
        case .genesisAlreadySet: "the ledger already has a genesis event"
        case .invalidGenesis(let why): why
        case .blockNumberDecreased(let chain, let last, let got): "block number on chain \(chain) went back from \(last) to \(got)"
        case .wrongChain(let expected, let got): "event for chain \(got) where chain \(expected) was expected"
        case .tooManyItems(let field, let count, let limit): "\(field) has \(count) items, limit \(limit)"
        case .invalidPayload(let why): why
        case .arithmeticOverflow(let what): "uint256 overflow in \(what)"
        case .ownableUnauthorizedAccount(let caller): "caller \(caller) is not the owner"
        }
    }
}

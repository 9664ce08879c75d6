import Ethereum

/// Rules of the off-chain task and response layer.
public enum TasksError: ContractError {
    /// `createTask`: one task per slot (task id).
    case taskAlreadyExists(Word)
    /// `respondToTask`: the task must exist.
    case taskNotFound(Word)
    /// `respondToTask`: an operator responds to a task once.
    case alreadyResponded(taskId: Word, operator: Address)
    /// A response after the task's window (creation block + challenge window) closed.
    case taskExpired(Word, expiredAtBlock: UInt64)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .taskAlreadyExists: "TaskAlreadyExists"
        case .taskNotFound: "TaskNotFound"
        case .alreadyResponded: "AlreadyResponded"
        case .taskExpired: "TaskExpired"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .taskAlreadyExists: 1
        case .taskNotFound: 2
        case .alreadyResponded: 3
        case .taskExpired: 4
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .taskAlreadyExists(let id): "task \(id) already exists"
        case .taskNotFound(let id): "no task \(id)"
        case .alreadyResponded(let id, let op): "operator \(op) already responded to task \(id)"
        case .taskExpired(let id, let block):
            "task \(id) stopped accepting responses after block \(block)"
        }
    }
}

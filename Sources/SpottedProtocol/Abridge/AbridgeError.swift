import Ethereum

/// Abridge rules: fees, and deliveries that must match what was sent.
public enum AbridgeError: ContractError {
    /// `sendMessage`: the value paid must cover the bridge fee (wei).
    case insufficientFee(sent: UInt256, required: UInt256)
    /// A delivery must match a message that was sent.
    case messageNeverSent(guid: Word)
    /// A delivery must carry the sent message's destination, from, to and payload unchanged.
    case messageMismatch(guid: Word, field: String)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .insufficientFee: "InsufficientFee"
        case .messageNeverSent: "MessageNeverSent"
        case .messageMismatch: "MessageMismatch"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .insufficientFee: 1
        case .messageNeverSent: 2
        case .messageMismatch: 3
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .insufficientFee(let sent, let required):
            "value \(sent) is below the bridge fee \(required)"
        case .messageNeverSent(let guid): "no message with guid \(guid) was ever sent"
        case .messageMismatch(let guid, let field):
            "delivery of \(guid) differs from the sent message in \(field)"
        }
    }
}

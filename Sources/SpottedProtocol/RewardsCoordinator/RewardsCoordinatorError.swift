import Ethereum

/// RewardsCoordinator rules for `createAVSRewardsSubmission`.
public enum RewardsCoordinatorError: ContractError {
    /// `createAVSRewardsSubmission` checks: finished epoch, non-zero amount under the maximum,
    /// duration and start on the interval.
    case invalidRewardsSubmission(String)
    /// Rewards are submitted once per epoch.
    case rewardsAlreadySubmitted(epoch: UInt32)
    /// Some operator must have weight and accepted responses in the epoch.
    case noEligibleOperators(epoch: UInt32)

    /// The contract's custom error name.
    public var name: String {
        switch self {
        case .invalidRewardsSubmission: "InvalidRewardsSubmission"
        case .rewardsAlreadySubmitted: "RewardsAlreadySubmitted"
        case .noEligibleOperators: "NoEligibleOperators"
        }
    }

    /// The rule's number within the contract, in check order.
    public var rule: UInt16 {
        switch self {
        case .invalidRewardsSubmission: 1
        case .rewardsAlreadySubmitted: 2
        case .noEligibleOperators: 3
        }
    }

    /// What was refused, naming the field and the values.
    public var detail: String {
        switch self {
        case .invalidRewardsSubmission(let why): why
        case .rewardsAlreadySubmitted(let epoch):
            "rewards for epoch \(epoch) were already submitted"
        case .noEligibleOperators(let epoch):
            "no operator has weight and accepted responses in epoch \(epoch)"
        }
    }
}

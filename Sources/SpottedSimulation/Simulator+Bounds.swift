extension Simulator.Options {
    /// Main-chain events one simulated epoch may need at most: setup, registry activity
    /// (`operators / 2 + 4` rounds of up to three actions), every task with a response from every
    /// operator and its dispute, and the rewards submission. Each takes one main-chain block.
    public var mainChainEventsPerEpochMax: UInt64 {
        let operators = UInt64(max(operators, 0))
        let chains = UInt64(max(chains, 0))
        let tasks = UInt64(max(tasksPerEpoch, 0))
        return 32 + 4 * chains + 3 * operators + tasks * (operators + 6)
    }

    /// The shortest epoch these options fit in: every main-chain event of an epoch before its
    /// grace period (the last eighth), and one send per chain inside the grace period.
    public var minimumEpochLengthBlocks: UInt64 {
        let beforeGrace = (mainChainEventsPerEpochMax * 8 + 6) / 7 + 8
        return max(16, 8 * (UInt64(max(chains, 0)) + 2), beforeGrace)
    }

    /// The longest epoch these options fit in: every block number and its timestamp
    /// (`1 700 000 000 + 12 × block` seconds) stay within 64 bits over all epochs.
    public var maximumEpochLengthBlocks: UInt64 {
        let lastBlockMax = (UInt64.max - 2_000_000_000) / 12
        return lastBlockMax / (UInt64(max(epochs, 0)) + 2)
    }

    /// Why these options cannot be simulated (naming the option), or nil when they can.
    public var problem: String? {
        let range = minimumEpochLengthBlocks...maximumEpochLengthBlocks
        guard range.contains(epochLengthBlocks) else {
            return
                "--epoch-length-blocks must be in \(range.lowerBound)…\(range.upperBound) for \(operators) operators, \(chains) chains, \(tasksPerEpoch) tasks per epoch and \(epochs) epochs, got \(epochLengthBlocks)"
        }
        return nil
    }
}

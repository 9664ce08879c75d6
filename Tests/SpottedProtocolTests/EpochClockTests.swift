import SpottedProtocol
import Testing

/// The EpochManager scenarios of spec §15 (GENESIS = 1), with their exact numbers.
@Suite struct EpochClockTests {
    let clock: EpochClock

    init() throws { clock = try EpochClock(genesisBlock: 1) }

    @Test func constants() {
        #expect(clock.epochLengthBlocks == 45_000)
        #expect(clock.gracePeriodBlocks == 6_400)
    }

    @Test func epochCalculations() throws {
        #expect(try clock.epoch(at: 1) == 0)
        #expect(clock.startBlock(of: 0) == 1)
        #expect(clock.startBlock(of: 1) == 45_001)
        #expect(try clock.epoch(at: 22_501) == 0)
        #expect(try clock.epoch(at: 45_002) == 1)
        #expect(try clock.epoch(at: 45_000) == 0)
        #expect(try clock.epoch(at: 45_001) == 1)
    }

    @Test func gracePeriod() throws {
        #expect(clock.interval(of: 0).graceStart == 38_601)
        #expect(try clock.isInGracePeriod(at: 38_600) == false)
        #expect(try clock.isInGracePeriod(at: 38_601) == true)
        #expect(try clock.effectiveEpoch(at: 38_600) == 1)
        #expect(try clock.effectiveEpoch(at: 38_601) == 2)
    }

    @Test func blocksUntilNextEpoch() throws {
        #expect(try clock.blocksUntilNextEpoch(at: 1) == 45_000)
        #expect(try clock.blocksUntilNextEpoch(at: 22_501) == 45_001 - 22_501)
        #expect(try clock.blocksUntilNextEpoch(at: 45_000) == 1)
    }

    @Test func blocksUntilGracePeriod() throws {
        #expect(try clock.blocksUntilGracePeriod(at: 1) == 38_600)
        #expect(try clock.blocksUntilGracePeriod(at: 38_600) == 1)
        #expect(try clock.blocksUntilGracePeriod(at: 38_601) == 0)
    }

    @Test func epochInterval() {
        #expect(clock.interval(of: 0) == (1, 38_601, 45_001))
        #expect(clock.interval(of: 5) == (225_001, 263_601, 270_001))
    }

    @Test func effectiveEpochForBlock() throws {
        #expect(try clock.effectiveEpoch(at: 22_501) == 1)
        #expect(try clock.effectiveEpoch(at: 41_801) == 2)
        #expect(try clock.effectiveEpoch(at: 247_501) == 6)
    }

    @Test func invalidParametersAndBlocks() {
        #expect(throws: EpochClock.Error.invalidEpochLength(0)) {
            try EpochClock(genesisBlock: 1, epochLengthBlocks: 0)
        }
        #expect(throws: EpochClock.Error.invalidGracePeriod(10, epochLength: 10)) {
            try EpochClock(genesisBlock: 1, epochLengthBlocks: 10, gracePeriodBlocks: 10)
        }
        #expect(throws: EpochClock.Error.blockBeforeGenesis(block: 0, genesis: 1)) {
            try clock.epoch(at: 0)
        }
    }
}

import Ethereum
import Foundation
import SpottedRPC
import Testing

@Suite struct ContractABITests {
    static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes, prefix: false) }

    @Test func embeddedCopiesEqualTheFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/SpottedRPC/ABI/json").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files == ContractABI.embeddedNames)
        #expect(files.count == 8)
        for name in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
            let embedded = try ContractABI.named(name)
            let fromFile = try ContractABI(name: name, json: Array(data))
            #expect(embedded.functions == fromFile.functions, "\(name): run tools/update-abi-swift")
            #expect(embedded.events == fromFile.events && embedded.errors == fromFile.errors)
        }
    }

    // Expected values computed with eth-utils 6.0.0 keccak (an independent Keccak).
    @Test(
        "function and error selectors",
        arguments: [
            ("ecdsa_stake_registry", "isValidSignature", "1626ba7e"),
            ("ecdsa_stake_registry", "registerOperatorWithSignature", "2a855b17"),
            ("ecdsa_stake_registry", "updateOperatorSigningKey", "743c31f4"),
            ("ecdsa_stake_registry", "getOperatorWeightAtEpoch", "338a0b2a"),
            ("ecdsa_stake_registry", "quorum", "1703a018"),
            ("epoch_manager", "sendStateUpdates", "ca21380c"),
            ("state_manager", "setValue", "7b8d56e3"),
            ("state_dispute_resolver", "submitChallenge", "2e4323c9"),
            ("light_stake_registry", "getOperatorWeightAtEpoch", "338a0b2a"),
        ])
    func selector(file: String, name: String, expected: String) throws {
        let abi = try ContractABI.named(file)
        let function = try #require(abi.function(named: name))
        #expect(Self.hex(function.selector) == expected, "\(function.signature)")
        #expect(abi.function(selector: function.selector)?.name == name)
    }

    @Test func errorSelectors() throws {
        #expect(
            try ContractABI.named("epoch_manager").error(
                named: "EpochManager__UpdateAlreadyProcessed"
            )
            .map { Self.hex($0.selector) } == "6804ceac")
        #expect(
            try ContractABI.named("state_manager").error(named: "StateManager__NoHistoryFound")
                .map { Self.hex($0.selector) } == "58ebb86c")
        #expect(
            try ContractABI.named("ecdsa_stake_registry").error(named: "InsufficientSignedStake")
                .map { Self.hex($0.selector) } == "e121632f")
        // InvalidEpoch appears twice in the compiled file; it is listed once.
        #expect(
            try ContractABI.named("ecdsa_stake_registry").errors.filter {
                $0.name == "InvalidEpoch"
            }
            .count == 1)
    }

    @Test(
        "event topics",
        arguments: [
            (
                "ecdsa_stake_registry", "OperatorRegistered",
                "e0a0b7f17ef76bcee73033890bc3864e96d49ea12881e0b4b0b4b865c890ff4e"
            ),
            (
                "ecdsa_stake_registry", "SigningKeyUpdate",
                "6f32abd4797f9f6fd30d9393963a8dc7ab716a4355ab392a6c8ac5be1911d4e2"
            ),
            (
                "ecdsa_stake_registry", "QuorumUpdated",
                "23aad4e61744ece164130aa415c1616e80136b0f0770e56589438b90b269265e"
            ),
            (
                "state_manager", "HistoryCommitted",
                "a1a325dd3ab50a50da29b7e0c70017d7834b6d6565bd3518be12f123084109fe"
            ),
            (
                "epoch_manager", "StateUpdateQueued",
                "159625a0a529e2e14aeae1e0f0b54d82481734a584ff2017e1083c8fb52b2855"
            ),
            (
                "epoch_manager", "StateUpdatesSent",
                "b1f32c40ed2f79eca2a73667dd6bfe460fc3cdf32e4d10c539c97e60a4c1487d"
            ),
            (
                "state_dispute_resolver", "ChallengeSubmitted",
                "f71defb8327548e8e0434fca555e0a82e740f56a36450477fbb4801af63760c9"
            ),
        ])
    func topic(file: String, name: String, expected: String) throws {
        let event = try #require(try ContractABI.named(file).event(named: name))
        #expect(event.topic == (try Word(hex: expected)), "\(event.signature)")
    }

    @Test func malformedABIsAreRefused() {
        #expect(throws: ContractABIError.unknownABI("nope")) { try ContractABI.named("nope") }
        #expect(throws: ContractABIError.invalidType(name: "t", type: "uint7")) {
            try ContractABI(
                name: "t",
                json: Array(#"[{"type":"function","name":"f","inputs":[{"type":"uint7"}]}]"#.utf8))
        }
        #expect(throws: ContractABIError.invalidType(name: "t", type: "tuple[x]")) {
            try ContractABI(
                name: "t",
                json: Array(
                    #"[{"type":"event","name":"e","inputs":[{"type":"tuple[x]","components":[]}]}]"#
                        .utf8))
        }
    }
}

@Suite struct ContractAddressTests {
    /// The addresses docs/jsonrpc.md publishes (computed there with eth-utils).
    @Test func derivedAddressesAreTheDocumentedOnes() throws {
        #expect(
            ContractAddresses.derived("ECDSAStakeRegistry").checksummed
                == "0x290D93379efFCfC6C773C7714937F866debaA63B")
        #expect(
            ContractAddresses.derived("EpochManager").checksummed
                == "0xA57A97c87Dc2f4447a2bB39A21585aE9144b4A54")
        #expect(
            ContractAddresses.derived("StateManager").checksummed
                == "0x3e724e921bb485b167333D5b4c2f4879D984e460")
        #expect(
            ContractAddresses.derived("LightStakeRegistry").checksummed
                == "0xf825355B3b28E125933d4aB8fC6EB7c7e8966E09")
    }
}

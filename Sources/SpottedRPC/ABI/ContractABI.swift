import Ethereum
import Foundation

/// One contract's ABI (functions, events, custom errors) parsed from its JSON ABI, with selectors
/// and event topics computed by our Keccak-256.
///
/// ```swift
/// let registry = try ContractABI.named("ecdsa_stake_registry")
/// registry.function(selector: [0x16, 0x26, 0xba, 0x7e])?.name  // "isValidSignature"
/// ```
public struct ContractABI: Sendable {
    /// A function: its canonical signature, 4-byte selector and argument/result types.
    public struct Function: Sendable, Hashable {
        /// The function's name.
        public let name: String
        /// The canonical signature, e.g. `setValue(uint256,uint256)`.
        public let signature: String
        /// The first 4 bytes of keccak256(signature).
        public let selector: [UInt8]
        /// The argument types, in order.
        public let inputs: [ABIType]
        /// The result types, in order.
        public let outputs: [ABIType]
        /// `view`, `pure`, `nonpayable` or `payable`.
        public let stateMutability: String
    }

    /// An event: its signature, topic 0, and which inputs are indexed.
    public struct Event: Sendable, Hashable {
        /// The event's name.
        public let name: String
        /// The canonical signature, e.g. `StateUpdatesSent(uint32,uint256)`.
        public let signature: String
        /// keccak256(signature): the log's first topic.
        public let topic: Word
        /// The input types, in order.
        public let inputs: [ABIType]
        /// Whether each input is indexed (a topic) or in the data.
        public let indexed: [Bool]
    }

    /// A custom error: its signature and 4-byte selector.
    public struct CustomError: Sendable, Hashable {
        /// The error's name.
        public let name: String
        /// The canonical signature, e.g. `InvalidEpoch()`.
        public let signature: String
        /// The first 4 bytes of keccak256(signature).
        public let selector: [UInt8]
        /// The argument types.
        public let inputs: [ABIType]
    }

    /// The file name the ABI came from (without `.json`).
    public let name: String
    /// Every function, in file order.
    public let functions: [Function]
    /// Every event, in file order.
    public let events: [Event]
    /// Every custom error, in file order (duplicates removed).
    public let errors: [CustomError]

    /// The names of the embedded ABI files.
    public static var embeddedNames: [String] { ContractABIFiles.json.keys.sorted() }

    /// The embedded ABI of that file name (see ``embeddedNames``).
    public static func named(_ name: String) throws(ContractABIError) -> ContractABI {
        guard let text = ContractABIFiles.json[name] else { throw .unknownABI(name) }
        return try ContractABI(name: name, json: Array(text.utf8))
    }

    /// Parses a JSON ABI (an array of entries).
    public init(name: String, json: [UInt8]) throws(ContractABIError) {
        let entries: [ABIEntry]
        do {
            entries = try JSONDecoder().decode([ABIEntry].self, from: Data(json))
        } catch {
            throw .malformedJSON(name: name, reason: String(describing: error))
        }
        var functions = [Function]()
        var events = [Event]()
        var errors = [CustomError]()
        for entry in entries {
            let inputs = try entry.inputs.map { p throws(ContractABIError) in
                try p.abiType(in: name)
            }
            let signature = entry.name + ABIType.tuple(inputs).signatureList
            switch entry.type {
            case "function":
                let outputs = try (entry.outputs ?? []).map { p throws(ContractABIError) in
                    try p.abiType(in: name)
                }
                functions.append(
                    Function(
                        name: entry.name, signature: signature, selector: ABI.selector(signature),
                        inputs: inputs, outputs: outputs,
                        stateMutability: entry.stateMutability ?? "nonpayable"))
            case "event":
                events.append(
                    Event(
                        name: entry.name, signature: signature, topic: Keccak256.hash(signature),
                        inputs: inputs, indexed: entry.inputs.map { $0.indexed ?? false }))
            case "error" where !errors.contains(where: { $0.signature == signature }):
                errors.append(
                    CustomError(
                        name: entry.name, signature: signature, selector: ABI.selector(signature),
                        inputs: inputs))
            default: continue
            }
        }
        self.name = name
        self.functions = functions
        self.events = events
        self.errors = errors
    }

    /// The function with this 4-byte selector, if the contract has one.
    public func function(selector: some Collection<UInt8>) -> Function? {
        functions.first { $0.selector.elementsEqual(selector) }
    }

    /// The first function with this name.
    public func function(named name: String) -> Function? { functions.first { $0.name == name } }

    /// The first event with this name.
    public func event(named name: String) -> Event? { events.first { $0.name == name } }

    /// The custom error with this name.
    public func error(named name: String) -> CustomError? { errors.first { $0.name == name } }
}

extension ABIType {
    /// `(t1,t2,…)` for a tuple: the parenthesised list a signature carries.
    var signatureList: String {
        if case .tuple(let members) = self {
            return "(" + members.map(\.description).joined(separator: ",") + ")"
        }
        return description
    }
}

/// Why an ABI could not be loaded.
public enum ContractABIError: Error, Equatable, CustomStringConvertible {
    /// No embedded ABI of that name.
    case unknownABI(String)
    /// The JSON is not an ABI array.
    case malformedJSON(name: String, reason: String)
    /// A parameter's type is not a valid ABI type.
    case invalidType(name: String, type: String)

    /// The failure in words.
    public var description: String {
        switch self {
        case .unknownABI(let name): "abi: no embedded ABI named \(name)"
        case .malformedJSON(let name, let reason): "abi: \(name).json is not a JSON ABI: \(reason)"
        case .invalidType(let name, let type): "abi: \(name).json has an invalid type \(type)"
        }
    }
}

/// One entry of a JSON ABI, as solc writes it.
private struct ABIEntry: Decodable {
    let type: String
    let name: String
    let inputs: [ABIParameter]
    let outputs: [ABIParameter]?
    let stateMutability: String?

    enum CodingKeys: String, CodingKey { case type, name, inputs, outputs, stateMutability }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        inputs = try c.decodeIfPresent([ABIParameter].self, forKey: .inputs) ?? []
        outputs = try c.decodeIfPresent([ABIParameter].self, forKey: .outputs)
        stateMutability = try c.decodeIfPresent(String.self, forKey: .stateMutability)
    }
}

/// A parameter of a JSON ABI entry; tuples carry their components.
private struct ABIParameter: Decodable {
    let type: String
    let components: [ABIParameter]?
    let indexed: Bool?

    /// The parameter's type; `tuple`, `tuple[]`, `tuple[k]` are built from the components.
    func abiType(in name: String) throws(ContractABIError) -> ABIType {
        guard type.hasPrefix("tuple") else {
            do { return try ABIType(parsing: type) } catch {
                throw .invalidType(name: name, type: type)
            }
        }
        let members = try (components ?? []).map { p throws(ContractABIError) in
            try p.abiType(in: name)
        }
        var result = ABIType.tuple(members)
        var suffix = type.dropFirst("tuple".count)
        while suffix.hasPrefix("[") {
            guard let close = suffix.firstIndex(of: "]") else {
                throw .invalidType(name: name, type: type)
            }
            let inner = suffix[suffix.index(after: suffix.startIndex)..<close]
            if inner.isEmpty {
                result = .array(result)
            } else if let count = Int(inner), count > 0 {
                result = .fixedArray(result, count)
            } else {
                throw .invalidType(name: name, type: type)
            }
            suffix = suffix[suffix.index(after: close)...]
        }
        guard suffix.isEmpty else { throw .invalidType(name: name, type: type) }
        return result
    }
}

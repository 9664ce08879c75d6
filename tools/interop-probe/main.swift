// interop-probe: our Ethereum module behind a line protocol, for tools/interop/check.py.
// One request per line on stdin, one reply per line on stdout; bad input gets `error <reason>`.
//
//   address <private key hex>          → EIP-55 address
//   personal <message hex>             → EIP-191 personal_sign digest
//   sign <private key hex> <digest>    → 65-byte signature r‖s‖v
//   recover <digest> <signature hex>   → EIP-55 address of the signer
//   typed <json>                       → EIP-712 digest (atomic values given as JSON strings)
//   abi <(types)> <hex>                → strict decode, re-encode: `<hex> <canonical value>`
//   packed <(types)> <hex>             → strict decode, then abi.encodePacked
import Ethereum
import Foundation

func reply(_ line: String) {
    // One write per reply, unbuffered, so the checker never waits on a partial line.
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(1, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { exit(1) }
            offset += n
        }
    }
}

func typedData(_ json: String) throws -> EIP712.TypedData {
    guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
          let types = object["types"] as? [String: [[String: String]]],
          let primary = object["primaryType"] as? String,
          let domain = object["domain"] as? [String: Any], let message = object["message"] as? [String: Any] else {
        throw ProbeError("typed data JSON lacks types, primaryType, domain or message")
    }
    func value(_ any: Any) throws -> EIP712.Value {
        switch any {
        case let text as String: return .text(text)
        case let list as [Any]: return .list(try list.map(value))
        case let record as [String: Any]: return .record(try record.mapValues(value))
        default: throw ProbeError("atomic values must be JSON strings")
        }
    }
    return EIP712.TypedData(
        types: types.mapValues { $0.map { EIP712.Field(name: $0["name"] ?? "", type: $0["type"] ?? "") } },
        primaryType: primary, domain: try domain.mapValues(value), message: try message.mapValues(value))
}

struct ProbeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func handle(_ line: Substring) throws -> String {
    let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
    guard let command = parts.first else { throw ProbeError("empty request") }
    func argument(_ i: Int) throws -> Substring {
        guard parts.count > i else { throw ProbeError("missing argument \(i) for \(command)") }
        return parts[i]
    }
    switch command {
    case "address":
        return try PrivateKey(hex: argument(1)).address.checksummed
    case "personal":
        return EIP191.personalMessageHash(try Hex.decode(argument(1))).description
    case "sign":
        return try PrivateKey(hex: argument(1)).sign(digest: Word(hex: argument(2))).description
    case "recover":
        do {
            return try ECDSA.recover(digest: Word(hex: argument(1)), signature: Hex.decode(argument(2))).checksummed
        } catch let error as ECDSAError {
            return "error \(error.name)"
        }
    case "typed":
        return try typedData(String(line.dropFirst("typed ".count))).digest().description
    case "abi", "packed":
        let types = try ABIType.parseList(String(argument(1)))
        let values = try ABI.decode(Hex.decode(argument(2)), as: types)
        if command == "packed" { return Hex.encode(try ABI.encodePacked(values, as: types)) }
        return Hex.encode(try ABI.encode(values, as: types)) + " " + ABIValue.tuple(values).description
    default:
        throw ProbeError("unknown command \(command)")
    }
}

while let line = readLine(strippingNewline: true) {
    do {
        reply(try handle(line[...]))
    } catch {
        reply("error \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
    }
}

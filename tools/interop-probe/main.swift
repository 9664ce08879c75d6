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
//   tx <raw hex>                       → `<chainId> <nonce> <sender> <hash>` of a signed transaction
//   txsign <key> <kind 0|2> <chainId> <nonce> <to|-> <data hex>
//                                      → raw signed transaction (1 gwei fees, gas 1000000, value 0)
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
        let domain = object["domain"] as? [String: Any],
        let message = object["message"] as? [String: Any]
    else {
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
        types: types.mapValues {
            $0.map { EIP712.Field(name: $0["name"] ?? "", type: $0["type"] ?? "") }
        },
        primaryType: primary, domain: try domain.mapValues(value),
        message: try message.mapValues(value))
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
            return try ECDSA.recover(
                digest: Word(hex: argument(1)), signature: Hex.decode(argument(2))
            ).checksummed
        } catch let error as ECDSAError {
            return "error \(error.name)"
        }
    case "typed":
        return try typedData(String(line.dropFirst("typed ".count))).digest().description
    case "abi", "packed":
        let types = try ABIType.parseList(String(argument(1)))
        let values = try ABI.decode(Hex.decode(argument(2)), as: types)
        if command == "packed" { return Hex.encode(try ABI.encodePacked(values, as: types)) }
        return Hex.encode(try ABI.encode(values, as: types)) + " "
            + ABIValue.tuple(values).description
    case "tx":
        do {
            let tx = try SignedTransaction(raw: Hex.decode(argument(1)))
            return "\(tx.chainId) \(tx.nonce) \(try tx.sender().checksummed) \(tx.hash)"
        } catch let error as TransactionError {
            return "error \(error)"
        }
    case "txsign":
        let fields = line.split(separator: " ")
        guard fields.count == 7, let kind = UInt8(fields[2]).flatMap(SignedTransaction.Kind.init),
            let chainId = UInt64(fields[3]), let nonce = UInt64(fields[4])
        else { throw ProbeError("txsign <key> <0|2> <chainId> <nonce> <to|-> <data>") }
        let to = fields[5] == "-" ? nil : try Address(fields[5])
        let request = TransactionRequest(
            kind: kind, chainId: chainId, nonce: nonce, to: to, data: try Hex.decode(fields[6]))
        return Hex.encode(request.signed(with: try PrivateKey(hex: fields[1])).raw)
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

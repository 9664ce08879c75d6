import Ethereum
import EventLog
import Foundation
import SpottedLedger
import SpottedProtocol
import Synchronization

/// The Ethereum JSON-RPC 2.0 endpoint of a ledger, independent of HTTP: one request body (a
/// single request or a batch) for one chain id in, the response body out. Reads go through
/// ``Ingestor/read(_:)``; signed transactions become actions submitted through the ingestor.
///
/// ```swift
/// let rpc = try JSONRPCHandler(ingestor: ingestor)
/// let answer = await rpc.handle(body: Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#.utf8),
///                               chainId: 31337)
/// ```
/// Methods, error codes and what differs from a chain: docs/jsonrpc.md.
public final class JSONRPCHandler: Sendable {
    /// Answers that a chain would compute from fees, here documented constants.
    public struct Options: Sendable {
        /// `eth_gasPrice` (fees are not charged).
        public var gasPriceWei = UInt256(1_000_000_000)
        /// `eth_maxPriorityFeePerGas`.
        public var maxPriorityFeePerGasWei = UInt256(1_000_000_000)
        /// `eth_estimateGas`, and the limit a transaction needs at least.
        public var gasEstimate: UInt64 = 1_000_000
        /// `gasUsed` in receipts.
        public var gasUsedPerTransaction: UInt64 = 21_000
        /// The wall clock in Unix seconds: the timestamp of a transaction's entry is the later of
        /// this and the chain's last logged timestamp.
        public var clockSeconds: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
        /// Whether every transaction is followed by the relay step
        /// (``JSONRPCHandler/relayBridgeMessages()``): `serve` turns it on, so a batch sent over
        /// JSON-RPC reaches its replica without a hand-submitted delivery.
        public var relaysBridgeMessages = false
        /// The defaults.
        public init() {}
    }

    /// The endpoint's options.
    public let options: Options
    let ingestor: Ingestor
    let calls: ContractCalls
    let index = Mutex(ChainLedgerIndex())
    let priorLogs = Mutex(PriorStateLogIndex())
    /// The last sequence whose stored raw transaction is folded into ``receipts``.
    let receiptsScannedThrough = Mutex<UInt64>(0)
    /// Bridge messages whose delivery the reducers refused (not tried again by this process).
    let relayRefused = Mutex(Set<Word>())
    let receipts = Mutex([Word: TransactionReceipt]())
    /// Log sequence → hash of the signed transaction that became that entry.
    let transactionHashes = Mutex([UInt64: Word]())
    let inFlight = Mutex(Set<ChainLedgerIndex.Account>())

    /// An endpoint over `ingestor`; throws only if an embedded ABI is broken.
    public init(ingestor: Ingestor, options: Options = Options()) throws(ContractABIError) {
        self.ingestor = ingestor
        self.options = options
        calls = try ContractCalls()
    }

    /// The response body for a request body on the network `chainId` (empty when every request
    /// was a notification).
    public func handle(body: [UInt8], chainId: UInt64) async -> [UInt8] {
        let parsed: JSONValue
        do throws(JSONValue.ParseError) {
            parsed = try JSONValue.parse(body)
        } catch {
            return Self.response(id: .null, .failure(.parse("the body is not JSON: \(error)")))
                .bytes
        }
        guard case .array(let requests) = parsed else {
            return await respond(to: parsed, chainId: chainId)?.bytes ?? []
        }
        guard !requests.isEmpty else {
            return Self.response(id: .null, .failure(.invalidRequest("empty batch"))).bytes
        }
        var answers = [JSONOut]()
        for request in requests {
            if let answer = await respond(to: request, chainId: chainId) { answers.append(answer) }
        }
        return answers.isEmpty ? [] : JSONOut.array(answers).bytes
    }

    /// The response to one request object, or nil for a notification (no `id`).
    func respond(to request: JSONValue, chainId: UInt64) async -> JSONOut? {
        guard case .object(let members) = request else {
            return Self.response(id: .null, .failure(.invalidRequest("a request is an object")))
        }
        let idValue = members.first { $0.key == "id" }?.value
        let id = idValue.map(Self.echo) ?? .null
        guard members.first(where: { $0.key == "jsonrpc" })?.value == .string("2.0") else {
            return Self.response(id: id, .failure(.invalidRequest("jsonrpc must be \"2.0\"")))
        }
        guard case .string(let method)? = members.first(where: { $0.key == "method" })?.value else {
            return Self.response(id: id, .failure(.invalidRequest("method must be a string")))
        }
        let result: Result<JSONOut, JSONRPCError>
        do {
            let params = try JSONRPCParams(
                members.first { $0.key == "params" }?.value, method: method)
            result = .success(try await dispatch(method, params, chainId: chainId))
        } catch {
            result = .failure(error)
        }
        return idValue == nil ? nil : Self.response(id: id, result)
    }

    static func echo(_ value: JSONValue) -> JSONOut {
        switch value {
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        default: .null
        }
    }

    static func response(id: JSONOut, _ result: Result<JSONOut, JSONRPCError>) -> JSONOut {
        switch result {
        case .success(let value):
            return .object([("jsonrpc", .string("2.0")), ("id", id), ("result", value)])
        case .failure(let error):
            var fields: [(String, JSONOut)] = [
                ("code", .number(String(error.code))), ("message", .string(error.message)),
            ]
            if let data = error.data { fields.append(("data", .data(data))) }
            return .object([("jsonrpc", .string("2.0")), ("id", id), ("error", .object(fields))])
        }
    }
}

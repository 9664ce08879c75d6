import Hummingbird
import SpottedLedger
import SpottedRPC

/// `POST /rpc/{chainId}`: Ethereum JSON-RPC 2.0 (single or batch) on the network of that chain of
/// the ledger (the main chain or a replica chain; docs/jsonrpc.md). Open like the reads: a write is
/// a signed transaction, and its signature is its authentication.
struct RPCRoutes: Sendable {
    let handler: Result<JSONRPCHandler, ContractABIError>
    let maxBodyBytes: Int

    /// The endpoint over `ingestor`.
    init(ingestor: Ingestor, maxBodyBytes: Int) {
        var options = JSONRPCHandler.Options()
        options.relaysBridgeMessages = true
        handler = Result { () throws(ContractABIError) in
            try JSONRPCHandler(ingestor: ingestor, options: options)
        }
        self.maxBodyBytes = maxBodyBytes
    }

    func add(to router: Router<BasicRequestContext>) {
        router.post("/rpc/:chainId") { request, context in
            let text = context.parameters.get("chainId") ?? ""
            guard let chainId = UInt64(text) else {
                throw APIError.badParameter("chainId", "'\(text)' is not a chain id (decimal)")
            }
            let handler: JSONRPCHandler
            switch self.handler {
            case .success(let h): handler = h
            case .failure(let error):
                throw APIError(
                    .internalServerError,
                    ErrorReport(
                        code: "Failed", message: "the contracts' ABIs do not load: \(error)"))
            }
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: maxBodyBytes))
            let answer = await handler.handle(body: body, chainId: chainId)
            guard !answer.isEmpty else { return Response(status: .noContent) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer)))
        }
    }
}

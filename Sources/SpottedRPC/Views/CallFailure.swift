import SpottedProtocol

/// Why an `eth_call` or a transaction's calldata did not produce a result: each becomes revert data.
enum CallFailure: Error {
    /// A protocol rule refused (the contract's custom error).
    case refused(ProtocolError)
    /// The contract has no function with this selector (a contract without a fallback reverts
    /// with empty data).
    case unknownSelector([UInt8])
    /// The calldata does not decode as the function's arguments (Solidity reverts with empty data).
    case malformedCalldata(String)
    /// Argument `index` is not what the function's table expects.
    case badArgument(Int)
    /// The function exists in the ABI but the ledger does not serve it (yet).
    case notServed(String)
    /// The call or transaction is not allowed on this chain (a replica's writes come through the
    /// bridge only).
    case notOnThisChain(String)
}

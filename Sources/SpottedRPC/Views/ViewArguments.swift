import Ethereum

/// Decoded call arguments read by position; the decoder already matched the ABI types, so a
/// mismatch here is a table error, reported as a revert naming the argument.
struct ViewArguments {
    let values: [ABIValue]

    func address(_ i: Int) throws(CallFailure) -> Address {
        guard i < values.count, let value = values[i].address else { throw .badArgument(i) }
        return value
    }

    func uint256(_ i: Int) throws(CallFailure) -> UInt256 {
        guard i < values.count, let value = values[i].uint else { throw .badArgument(i) }
        return value
    }

    /// A uintN argument that must fit in 64 bits (block numbers, indices).
    func uint64(_ i: Int) throws(CallFailure) -> UInt64 {
        guard let value = try uint256(i).uint64 else { throw .badArgument(i) }
        return value
    }

    /// A uint32 argument (epochs).
    func uint32(_ i: Int) throws(CallFailure) -> UInt32 {
        guard let value = UInt32(exactly: try uint64(i)) else { throw .badArgument(i) }
        return value
    }

    func bytes(_ i: Int) throws(CallFailure) -> [UInt8] {
        guard i < values.count, let value = values[i].bytesValue else { throw .badArgument(i) }
        return value
    }

    func word(_ i: Int) throws(CallFailure) -> Word {
        let raw = try bytes(i)
        guard raw.count == 32 else { throw .badArgument(i) }
        return raw.withUnsafeBytes { Word(loading: $0) }
    }

    func items(_ i: Int) throws(CallFailure) -> [ABIValue] {
        guard i < values.count, let value = values[i].items else { throw .badArgument(i) }
        return value
    }
}

extension ABI {
    /// Strict `abi.decode(data, (T1, …, Tn))`.
    ///
    /// Every offset and length is bounds-checked; an address, `uintN`, `intN`, `bool` or `bytesN`
    /// with dirty padding bits is refused (as Solidity's ABI coder v2 does), as are non-zero padding
    /// after `bytes`/`string` and invalid UTF-8 in a `string`. Offsets need not be minimal and
    /// trailing data is ignored, as in Solidity. Work is bounded by the input size, so overlapping
    /// offsets cannot make decoding blow up. Never traps.
    public static func decode(_ data: [UInt8], as types: [ABIType]) throws(ABIError) -> [ABIValue] {
        try data.withUnsafeBytes { raw in
            Result { () throws(ABIError) -> [ABIValue] in
                var decoder = Decoder(data: raw)
                return try decoder.decodeTuple(types, at: 0)
            }
        }.get()
    }

    /// Decodes `data` read in place.
    public static func decode(_ data: UnsafeRawBufferPointer, as types: [ABIType]) throws(ABIError)
        -> [ABIValue]
    {
        var decoder = Decoder(data: data)
        return try decoder.decodeTuple(types, at: 0)
    }

    /// Decodes calldata after checking its 4-byte selector matches `signature`.
    public static func decodeCall(_ calldata: [UInt8], _ signature: String, as types: [ABIType])
        throws(ABIError) -> [ABIValue]
    {
        guard calldata.count >= 4 else {
            throw .truncated(offset: 0, needed: 4, available: calldata.count)
        }
        guard Array(calldata.prefix(4)) == selector(signature) else {
            throw .typeMismatch(expected: signature, path: "selector")
        }
        return try decode(Array(calldata.dropFirst(4)), as: types)
    }

    struct Decoder {
        let data: UnsafeRawBufferPointer
        /// Units of work left: 32 per value plus one per byte copied.
        var budget: Int
        let limit: Int

        init(data: UnsafeRawBufferPointer) {
            self.data = data
            limit = data.count + 32 * 16
            budget = limit
        }

        mutating func spend(_ units: Int) throws(ABIError) {
            budget -= units
            if budget < 0 { throw .tooComplex(limit: limit) }
        }

        func word(at offset: Int) throws(ABIError) -> Word {
            guard offset >= 0, offset <= data.count - 32 else {
                throw .truncated(
                    offset: offset, needed: 32,
                    available: Swift.max(0, data.count - Swift.max(0, offset)))
            }
            return Word(loading: data, at: offset)
        }

        /// A word that must be a size or offset no larger than the data.
        func size(at offset: Int) throws(ABIError) -> Int {
            let w = try word(at: offset)
            guard w.l0 == 0, w.l1 == 0, w.l2 == 0, w.l3 <= UInt64(data.count) else {
                throw .offsetOutOfRange(offset: offset, value: UInt256(w).description)
            }
            return Int(w.l3)
        }

        mutating func decodeTuple(_ types: [ABIType], at base: Int) throws(ABIError) -> [ABIValue] {
            var values = [ABIValue]()
            values.reserveCapacity(types.count)
            var head = base
            for type in types {
                if type.isDynamic {
                    let offset = try size(at: head)
                    let target = base + offset
                    guard target <= data.count else {
                        throw .offsetOutOfRange(offset: head, value: String(offset))
                    }
                    values.append(try decodeValue(type, at: target))
                    head += 32
                } else {
                    values.append(try decodeValue(type, at: head))
                    head += type.headSize
                }
            }
            return values
        }

        mutating func decodeValue(_ type: ABIType, at offset: Int) throws(ABIError) -> ABIValue {
            try spend(32)
            switch type {
            case .uint(let bits):
                let v = UInt256(try word(at: offset))
                guard v.fits(bits: bits) else {
                    throw .dirtyBits(type: type.description, offset: offset)
                }
                return .uint(v)
            case .int(let bits):
                let v = UInt256(try word(at: offset))
                guard ABI.fitsSigned(v, bits: bits) else {
                    throw .dirtyBits(type: type.description, offset: offset)
                }
                return .int(v)
            case .address:
                let w = try word(at: offset)
                guard w.l0 == 0, w.l1 >> 32 == 0 else {
                    throw .dirtyBits(type: "address", offset: offset)
                }
                return .address(Address(lowBytesOf: w))
            case .bool:
                let w = try word(at: offset)
                guard w.l0 | w.l1 | w.l2 == 0, w.l3 <= 1 else {
                    throw .dirtyBits(type: "bool", offset: offset)
                }
                return .bool(w.l3 == 1)
            case .fixedBytes(let n):
                _ = try word(at: offset)
                let bytes = Array(data[offset..<offset + n])
                guard data[(offset + n)..<(offset + 32)].allSatisfy({ $0 == 0 }) else {
                    throw .dirtyBits(type: type.description, offset: offset)
                }
                return .fixedBytes(bytes)
            case .bytes:
                return .bytes(try byteString(at: offset))
            case .string:
                let bytes = try byteString(at: offset)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw .invalidUTF8(offset: offset)
                }
                return .string(text)
            case .array(let element):
                let count = try size(at: offset)
                let start = offset + 32
                guard count <= (data.count - start) / Swift.max(element.headSize, 1) else {
                    throw .offsetOutOfRange(offset: offset, value: "array length \(count)")
                }
                return .array(try decodeTuple(Array(repeating: element, count: count), at: start))
            case .fixedArray(let element, let count):
                return .array(try decodeTuple(Array(repeating: element, count: count), at: offset))
            case .tuple(let members):
                return .tuple(try decodeTuple(members, at: offset))
            }
        }

        mutating func byteString(at offset: Int) throws(ABIError) -> [UInt8] {
            let length = try size(at: offset)
            let start = offset + 32
            let padded = ABI.padded(length)
            guard padded <= data.count - start else {
                throw .truncated(offset: start, needed: padded, available: data.count - start)
            }
            try spend(length)
            guard data[(start + length)..<(start + padded)].allSatisfy({ $0 == 0 }) else {
                throw .dirtyBits(type: "bytes padding", offset: start + length)
            }
            return Array(data[start..<(start + length)])
        }
    }
}

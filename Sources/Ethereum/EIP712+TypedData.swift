extension EIP712 {
    /// A complete `eth_signTypedData_v4` request: struct types, the primary type, domain and message.
    public struct TypedData: Sendable {
        /// Every struct type by name, with its fields in order.
        public var types: [String: [Field]]
        /// The type of `message`.
        public var primaryType: String
        /// The `EIP712Domain` values by field name.
        public var domain: [String: Value]
        /// The message's values by field name.
        public var message: [String: Value]

        /// A request with every part given.
        public init(
            types: [String: [Field]], primaryType: String, domain: [String: Value],
            message: [String: Value]
        ) {
            self.types = types
            self.primaryType = primaryType
            self.domain = domain
            self.message = message
        }

        /// The digest a wallet signs.
        public func digest() throws(EIP712.Error) -> Word {
            EIP712.digest(
                domainSeparator: try domainSeparator(),
                structHash: try hashStruct(primaryType, message, path: primaryType))
        }

        /// hashStruct of the domain; without an explicit `EIP712Domain` type the standard fields
        /// present in `domain` are used, in the standard order.
        public func domainSeparator() throws(EIP712.Error) -> Word {
            var withDomain = self
            if types["EIP712Domain"] == nil {
                let standard = [
                    ("name", "string"), ("version", "string"), ("chainId", "uint256"),
                    ("verifyingContract", "address"), ("salt", "bytes32"),
                ]
                withDomain.types["EIP712Domain"] = standard.filter { domain[$0.0] != nil }.map {
                    Field(name: $0.0, type: $0.1)
                }
            }
            return try withDomain.hashStruct("EIP712Domain", domain, path: "domain")
        }

        /// `Name(type1 name1,…)` followed by every referenced struct type, sorted by name.
        public func encodeType(_ name: String) throws(EIP712.Error) -> String {
            var found = Set<String>()
            try collect(name, into: &found)
            found.remove(name)
            var out = try signature(name)
            for dependency in found.sorted() { out += try signature(dependency) }
            return out
        }

        /// keccak256 of the type's encoded type string (`encodeType`).
        public func typeHash(_ name: String) throws(EIP712.Error) -> Word {
            Keccak256.hash(try encodeType(name))
        }

        /// keccak256(typeHash ‖ encodeData(value)).
        public func hashStruct(_ name: String, _ value: [String: Value], path: String) throws(EIP712
            .Error) -> Word
        {
            guard let fields = types[name] else { throw .unknownType(name) }
            var words = [Word]()
            words.reserveCapacity(fields.count)
            for field in fields {
                guard let member = value[field.name] else {
                    throw .missingField(field.name, type: name)
                }
                words.append(try encodeField(field.type, member, path: path + "." + field.name))
            }
            return EIP712.hashStruct(typeHash: try typeHash(name), fields: words)
        }

        private func signature(_ name: String) throws(EIP712.Error) -> String {
            guard let fields = types[name] else { throw .unknownType(name) }
            return name + "(" + fields.map { "\($0.type) \($0.name)" }.joined(separator: ",") + ")"
        }

        private func collect(_ name: String, into found: inout Set<String>) throws(EIP712.Error) {
            guard !found.contains(name) else { return }
            guard let fields = types[name] else { throw .unknownType(name) }
            found.insert(name)
            for field in fields {
                let base = Self.baseType(field.type)
                if types[base] != nil { try collect(base, into: &found) }
            }
        }

        /// `Person[2][]` → `Person`.
        static func baseType(_ type: String) -> String {
            guard let bracket = type.firstIndex(of: "[") else { return type }
            return String(type[..<bracket])
        }

        /// The 32-byte encoding of one member.
        private func encodeField(_ type: String, _ value: Value, path: String) throws(EIP712.Error)
            -> Word
        {
            if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
                let element = String(type[..<open])
                let sizeText = type[type.index(after: open)..<type.index(before: type.endIndex)]
                guard case .list(let items) = value else {
                    throw .invalidValue(type: type, path: path, reason: "expected a list")
                }
                if !sizeText.isEmpty, Int(sizeText) != items.count {
                    throw .invalidValue(
                        type: type, path: path,
                        reason: "expected \(sizeText) elements, got \(items.count)")
                }
                var hasher = Keccak256()
                for (i, item) in items.enumerated() {
                    hasher.update(try encodeField(element, item, path: "\(path)[\(i)]"))
                }
                return hasher.finalize()
            }
            if types[type] != nil {
                guard case .record(let fields) = value else {
                    throw .invalidValue(type: type, path: path, reason: "expected a struct")
                }
                return try hashStruct(type, fields, path: path)
            }
            guard case .text(let text) = value else {
                throw .invalidValue(type: type, path: path, reason: "expected a value")
            }
            return try Self.encodeAtomic(type, text, path: path)
        }

        static func encodeAtomic(_ type: String, _ text: String, path: String) throws(EIP712.Error)
            -> Word
        {
            func invalid(_ reason: String) -> EIP712.Error {
                .invalidValue(type: type, path: path, reason: reason)
            }
            switch type {
            case "string":
                return Keccak256.hash(text)
            case "bytes":
                guard let bytes = try? Hex.decode(text) else { throw invalid("expected 0x hex") }
                return Keccak256.hash(bytes)
            case "bool":
                guard text == "true" || text == "false" else {
                    throw invalid("expected true or false")
                }
                return UInt256(text == "true" ? 1 : 0).word
            case "address":
                do { return try Address(text).word } catch { throw invalid(error.description) }
            default:
                break
            }
            let abiType: ABIType
            do { abiType = try ABIType(parsing: type) } catch { throw .unknownType(type) }
            switch abiType {
            case .uint(let bits):
                guard let v = UInt256(text), v.fits(bits: bits) else {
                    throw invalid("not a \(type)")
                }
                return v.word
            case .int(let bits):
                let negative = text.hasPrefix("-")
                guard let magnitude = UInt256(negative ? String(text.dropFirst()) : text) else {
                    throw invalid("not a number")
                }
                let v =
                    negative
                    ? UInt256.zero.subtractingReportingOverflow(magnitude).partialValue : magnitude
                guard ABI.fitsSigned(v, bits: bits),
                    negative == (v.l0 >> 63 == 1) || magnitude.isZero
                else { throw invalid("out of range") }
                return v.word
            case .fixedBytes(let n):
                guard let bytes = try? Hex.decode(text), bytes.count == n else {
                    throw invalid("expected \(n) bytes of 0x hex")
                }
                var padded = [UInt8](repeating: 0, count: 32)
                padded.replaceSubrange(0..<n, with: bytes)
                return padded.withUnsafeBytes { Word(loading: $0) }
            default:
                throw .unknownType(type)
            }
        }
    }
}

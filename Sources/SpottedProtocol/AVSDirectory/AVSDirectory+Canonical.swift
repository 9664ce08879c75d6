import Ethereum

extension AVSDirectory {
    /// Canonical bytes: registered operators, then spent salts, each ascending.
    func encode(into e: inout CanonicalEncoder) {
        e.set(registered) { e, op in e.address(op) }
        e.set(spentSalts) { e, s in
            e.address(s.operator)
            e.word(s.salt)
        }
    }

    /// Reads what ``encode(into:)`` wrote.
    init(decoding d: inout CanonicalDecoder) throws(CanonicalDecoder.Error) {
        registered = try d.set { (d) throws(CanonicalDecoder.Error) in try d.address() }
        spentSalts = try d.set { (d) throws(CanonicalDecoder.Error) in
            OperatorSalt(operator: try d.address(), salt: try d.word())
        }
    }
}

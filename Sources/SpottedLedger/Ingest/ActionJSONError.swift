/// Why an action's JSON was refused: the field (a JSON path such as `fields.quorum[1][0]`) and the
/// rule it broke.
public struct ActionJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The JSON path of the offending field (`$` for the document itself).
    public var field: String
    /// What is wrong with it.
    public var message: String
    /// Index of the action in an array or JSON-lines input (nil for a single object).
    public var index: Int?

    /// An error at `field`.
    public init(field: String, message: String, index: Int? = nil) {
        self.field = field
        self.message = message
        self.index = index
    }

    /// `action 3: fields.salt: expected 0x and 64 hex digits`.
    public var description: String {
        (index.map { "action \($0): " } ?? "") + "\(field): \(message)"
    }
}

import Hummingbird
import SpottedLedger

/// The action JSON of `submit`, decoded for `POST /v1/actions`; a malformed body is a 400 naming
/// the field. (Stand-in until `ActionJSON` is merged.)
enum ActionDecoding {
    /// The actions in `body` (one object or an array).
    static func decode(_ body: [UInt8]) throws(APIError) -> [Action] {
        throw APIError(
            .notImplemented,
            ErrorReport(code: "NotImplemented", message: "action decoding is not merged yet"))
    }
}

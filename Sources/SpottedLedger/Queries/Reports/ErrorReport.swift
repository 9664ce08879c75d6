import EventLog
import SpottedProtocol

/// An error as `--json` prints it: `{"error": {"code", "rule", "field", "sequence", "message"}}`
/// (docs/schemas/error.schema.json). Every key is always present; an unknown one is `null`.
///
/// `code` is stable for scripts: for a protocol refusal the rule's number (``ProtocolError/code``,
/// e.g. `"403"`) with `rule` its contract error name; otherwise the failure class (`"NoLedger"`,
/// `"LedgerDamaged"`, `"BadArgument"`, …; the list is in docs/cli.md).
public struct ErrorReport: Encodable, Sendable, Equatable {
    /// The error's fields.
    public struct Detail: Encodable, Sendable, Equatable {
        /// The rule's number for a refusal, else the failure class.
        public var code: String
        /// The contract error name of a refused rule (`OperatorAlreadyRegistered`), else null.
        public var rule: String?
        /// The option or field at fault (`epoch`, `ledger`), when known.
        public var field: String?
        /// The log sequence the error names, when it names one.
        public var sequence: UInt64?
        /// The error in one line.
        public var message: String
    }

    /// The error.
    public var error: Detail

    /// An error of class `code` with `message` (one line: line breaks become spaces).
    public init(
        code: String, rule: String? = nil, field: String? = nil, sequence: UInt64? = nil,
        message: String
    ) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        error = Detail(code: code, rule: rule, field: field, sequence: sequence, message: line)
    }

    /// The report of a query's failure.
    public init(_ failure: QueryError) {
        let message = failure.description
        switch failure {
        case .badArgument(let field, _):
            self.init(code: "BadArgument", field: field, message: message)
        case .notFound: self.init(code: "NotFound", message: message)
        case .engine(let error): self.init(error, message: message)
        case .exportFailed(let error):
            self.init(code: "ExportFailed", sequence: error.sequence, message: message)
        case .importRefused(let line):
            if let refusal = line.refusal {
                self.init(refusal, message: message)
            } else {
                // Export lines are one per entry: line N would have been sequence N.
                self.init(
                    code: "ImportRefused", field: line.field, sequence: UInt64(max(line.line, 0)),
                    message: message)
            }
        case .unreadableInput:
            self.init(code: "UnreadableInput", field: "input", message: message)
        }
    }

    /// The report of an engine failure or refusal, in its own words.
    public init(_ failure: EngineError) { self.init(failure, message: failure.description) }

    /// The report of an action's JSON that does not decode: `UnknownKind` for a kind no table row
    /// names, `MalformedJSON` for text that is no JSON, else `InvalidAction`, with the field's path.
    public init(_ failure: ActionJSONError) {
        let code =
            failure.field == "kind" && failure.message.hasPrefix("unknown kind")
            ? "UnknownKind" : failure.field == "$" ? "MalformedJSON" : "InvalidAction"
        self.init(code: code, field: failure.field, message: failure.description)
    }

    /// The report of an engine failure, worded `message`.
    init(_ failure: EngineError, message: String) {
        switch failure {
        case .refused(_, let refusal):
            self.init(
                code: String(refusal.error.code), rule: refusal.error.name,
                sequence: refusal.sequence, message: message)
        case .duplicate(_, let sequence):
            self.init(
                code: "DuplicateAction", rule: "DuplicateAction", sequence: sequence,
                message: message)
        case .log(let error):
            self.init(code: Self.code(of: error), sequence: error.sequence, message: message)
        case .corrupt(let sequence, _):
            self.init(code: "LedgerDamaged", sequence: sequence, message: message)
        case .mustReopen(let original, _):
            self.init(code: "MustReopen", sequence: original.sequence, message: message)
        case .snapshotMismatch(let sequence, _, _):
            self.init(code: "SnapshotMismatch", sequence: sequence, message: message)
        case .shuttingDown:
            self.init(code: "ShuttingDown", message: message)
        case .notWriter:
            self.init(code: "NotWriter", message: message)
        case .replication(let error):
            self.init(code: Self.code(of: error), sequence: error.sequence, message: message)
        }
    }

    /// The failure class of a replication error.
    static func code(of error: ReplicationError) -> String {
        switch error {
        case .fenced: "NotWriter"
        case .unavailable: "ReplicationUnavailable"
        case .streamBehind: "StreamBehind"
        case .divergent: "ReplicationDivergent"
        case .failed: "ReplicationFailed"
        }
    }

    /// The failure class of a log error.
    static func code(of error: EventLogError) -> String {
        switch error {
        case .storage: "StorageFailed"
        case .fileSystem: "FileSystemFailed"
        case .notALedger: "NoLedger"
        case .readOnly: "ReadOnly"
        case .unsupportedFormat: "UnsupportedFormat"
        case .batchTooLarge, .emptyBatch, .payloadTooLarge: "LimitExceeded"
        case .importFailed: "ImportRefused"
        case .notFound: "NotFound"
        case .damagedDataFile, .undecodable, .hashMismatch, .previousHashMismatch, .gap,
            .headMismatch, .refusedUnverified:
            "LedgerDamaged"
        }
    }
}

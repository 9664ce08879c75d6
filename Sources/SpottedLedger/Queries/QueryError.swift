import EventLog

/// Why a query gave no report.
public enum QueryError: Error, Equatable, CustomStringConvertible {
    /// The argument `field` is out of range or names nothing in the ledger; `reason` says what is allowed.
    case badArgument(field: String, reason: String)
    /// The ledger holds nothing the query asked for (no genesis, no such challenge).
    case notFound(String)
    /// The ledger could not be opened or replayed.
    case engine(EngineError)
    /// An export could not be written.
    case exportFailed(EventLogError)
    /// An import refused a line of its input (the line, the field, the cause).
    case importRefused(ImportLineError)
    /// An import's input could not be opened or read; the text names the file and the cause.
    case unreadableInput(String)

    /// Whether the caller asked for something the ledger cannot answer (bad usage), rather than
    /// the ledger failing a check.
    public var isBadArgument: Bool { if case .badArgument = self { true } else { false } }

    /// The error in words, naming the field or the sequence.
    public var description: String {
        switch self {
        case .badArgument(_, let reason): reason
        case .notFound(let what): what
        case .engine(let error): "\(error)"
        case .exportFailed(let error): "export failed: \(error)"
        case .importRefused(let error): "import refused \(error)"
        case .unreadableInput(let reason): reason
        }
    }
}

extension Engine {
    /// Opens the ledger in `directory` for a query, read-only (`MDB_RDONLY`: nothing in the
    /// directory is created or changed, and a damaged or foreign data file is refused before it is
    /// mapped), mapping its failure to ``QueryError``.
    /// `through` analyses only the log up to that sequence: a log damaged after it still opens.
    public static func open(directory: String, through: UInt64? = nil) throws(QueryError) -> Engine
    {
        do {
            return try Engine(
                directory: directory, options: EventLog.Options(mode: .readOnly), through: through)
        } catch { throw .engine(error) }
    }

    /// Opens the ledger in `directory` for writing, creating it (and the directory) when there is
    /// none: the simulator's and import's way in.
    public static func create(directory: String) throws(QueryError) -> Engine {
        do {
            return try Engine(directory: directory, options: EventLog.Options(mode: .create))
        } catch { throw .engine(error) }
    }
}

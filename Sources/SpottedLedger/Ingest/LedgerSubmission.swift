import Ethereum
import EventLog
import Foundation

/// What `submit` did: each input line's entry or refusal, in input order.
public struct SubmitReport: Encodable, Sendable {
    /// One input line's outcome.
    public struct Line: Encodable, Sendable {
        /// The line number in the input (1-based; blank lines are skipped but counted).
        public var line: Int
        /// The kind named on the line, when it decoded that far.
        public var kind: String?
        /// The sequence the action was logged at, when accepted.
        public var sequence: UInt64?
        /// The logged entry's hash, when accepted.
        public var hash: Word?
        /// Why it was refused (a protocol rule, a repeat, a field that does not decode), when refused.
        public var error: ErrorReport.Detail?

        /// Encodes every key, absent ones as null.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(line, forKey: .line)
            try c.encode(kind, forKey: .kind)
            try c.encode(sequence.map(String.init), forKey: .sequence)
            try c.encode(hash, forKey: .hash)
            try c.encode(error, forKey: .error)
        }

        enum CodingKeys: String, CodingKey { case line, kind, sequence, hash, error }
    }

    /// The ledger written to.
    public var ledger: String
    /// Actions accepted and logged.
    public var accepted: Int
    /// Actions refused (rules, repeats, undecodable lines).
    public var refused: Int
    /// The log's head after the submission.
    public var headSequence: UInt64
    /// The head entry's hash.
    public var headHash: Word
    /// Every line's outcome, in input order.
    public var results: [Line]
}

extension LedgerFiles {
    /// Lines read and submitted together: their signatures are recovered on every core, then
    /// they are reduced in order and committed in groups (``Engine/submitEach(_:recoveryThreads:maxGroupActions:)``).
    public static let submitChunkLines = 4_096

    /// Submits the actions in `input` (JSON lines in the ``ActionJSON`` shape; `-` reads standard
    /// input) to the ledger at `directory`, each on its own: a line that does not decode or that the
    /// rules refuse is reported and the others go on. `create` makes a new ledger when none exists.
    /// `each` gets every line's outcome as soon as it is durable or refused.
    public static func submit(
        into directory: String, from input: String, create: Bool = false,
        each: ((SubmitReport.Line) -> Void)? = nil
    ) throws(QueryError) -> SubmitReport {
        guard let file = input == "-" ? fdopen(0, "r") : fopen(input, "r") else {
            throw .unreadableInput("cannot open '\(input)': \(String(cString: strerror(errno)))")
        }
        defer { if input != "-" { fclose(file) } }
        var reader = ByteLineReader(file: file)
        defer { reader.release() }
        let engine: Engine
        do {
            let exists = FileManager.default.fileExists(atPath: directory + "/data.mdb")
            engine =
                try create && !exists
                ? Engine(directory: directory, options: EventLog.Options(mode: .create))
                : Engine(directory: directory, options: EventLog.Options(mode: .readWrite))
        } catch {
            throw .engine(error)
        }
        var results = [SubmitReport.Line]()
        var number = 0
        var chunk = [(line: Int, bytes: Data)]()
        while true {
            let next = reader.next()
            if let next {
                number += 1
                if !next.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    chunk.append((number, next))
                }
            }
            guard chunk.count >= submitChunkLines || (next == nil && !chunk.isEmpty) else {
                if next == nil { break }
                continue
            }
            for outcome in submitChunk(chunk, to: engine) {
                each?(outcome)
                results.append(outcome)
            }
            chunk.removeAll(keepingCapacity: true)
        }
        guard !reader.failed else {
            throw .unreadableInput("cannot read '\(input)' after line \(number)")
        }
        let refused = results.count { $0.error != nil }
        return SubmitReport(
            ledger: directory, accepted: results.count - refused, refused: refused,
            headSequence: engine.log.head.sequence, headHash: engine.log.head.hash, results: results
        )
    }

    /// An engine error in the words of one input line (no action index: the line number says which).
    static func lineMessage(_ error: EngineError) -> String {
        switch error {
        case .refused(_, let refusal): refusal.description
        case .duplicate(_, let sequence):
            "repeats the action logged at sequence \(sequence) (DuplicateAction)"
        default: error.description
        }
    }

    /// Decodes and submits one chunk of lines; each line's outcome in order.
    static func submitChunk(_ chunk: [(line: Int, bytes: Data)], to engine: Engine)
        -> [SubmitReport.Line]
    {
        var outcomes = [SubmitReport.Line]()
        var actions = [Action]()
        var positions = [Int]()
        for (line, bytes) in chunk {
            do throws(ActionJSONError) {
                let action = try ActionJSON.decodeLine(bytes)
                positions.append(outcomes.count)
                actions.append(action)
                outcomes.append(SubmitReport.Line(line: line, kind: action.event.kind.name))
            } catch {
                outcomes.append(SubmitReport.Line(line: line, error: ErrorReport(error).error))
            }
        }
        for (k, result) in engine.submitEach(actions).enumerated() {
            switch result {
            case .success(let envelope):
                outcomes[positions[k]].sequence = envelope.sequence
                outcomes[positions[k]].hash = envelope.hash
            case .failure(let error):
                outcomes[positions[k]].error = ErrorReport(error, message: lineMessage(error)).error
            }
        }
        return outcomes
    }
}

extension SubmitReport.Line {
    /// The outcome of `action`, number `line` of its input (a line, or a place in an HTTP body's
    /// array): the sequence and hash it was logged at, or its refusal worded as `submit` words it.
    public init(line: Int, action: Action, result: Result<Envelope, EngineError>) {
        self.init(line: line, kind: action.event.kind.name)
        switch result {
        case .success(let envelope):
            sequence = envelope.sequence
            hash = envelope.hash
        case .failure(let error):
            self.error = ErrorReport(error, message: LedgerFiles.lineMessage(error)).error
        }
    }
}

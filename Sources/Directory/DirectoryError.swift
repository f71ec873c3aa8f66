import TorCore

/// The one error type of the `Directory` module: what went wrong in directory fetching, parsing or verification.
///
/// Carries a stable Code, the Kind that tells the caller how to react, a human reason
/// that says what to do where a user can act, where it was raised, and, for errors in a
/// directory document, the document line and keyword that caused it.
public struct DirectoryError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; each area declares its own in an extension beside its code.
    public typealias Code = ErrorCode<DirectoryError>

    /// How the caller should treat the error (the same kinds in every module).
    public typealias Kind = ErrorKind

    /// Where in a directory document an error was found (dir-spec 1.2 items are line-based).
    public struct DocumentLocation: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number in the document text as received.
        public let line: Int
        /// The keyword of the item at fault, when the fault belongs to an item.
        public let keyword: String?

        /// A location at `line`, optionally naming the item's `keyword`.
        public init(line: Int, keyword: String? = nil) {
            self.line = line
            self.keyword = keyword
        }

        /// "line 12" or "line 12 (\"fingerprint\")".
        public var description: String {
            keyword.map { "line \(line) (\"\($0)\")" } ?? "line \(line)"
        }
    }

    /// The stable code of this error.
    public let code: Code
    /// How the caller should react.
    public let kind: Kind
    /// What went wrong and, where a user can act, what to do.
    public let reason: String
    /// The document line and keyword at fault, for errors in a directory document.
    public let location: DocumentLocation?
    /// Source file that raised the error.
    public let file: String
    /// Source line that raised the error.
    public let line: Int

    /// An error with `code`, `kind` and `reason`, optionally located in a document.
    public init(
        _ code: Code, kind: Kind, _ reason: String,
        location: DocumentLocation? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.kind = kind
        self.reason = reason
        self.location = location
        self.file = file
        self.line = line
    }

    /// "reason [code]", prefixed with the document location when there is one.
    public var description: String {
        if let location { return "\(location): \(reason) [\(code)]" }
        return "\(reason) [\(code)]"
    }
}

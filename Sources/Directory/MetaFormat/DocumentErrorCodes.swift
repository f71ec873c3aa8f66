import TorCore

extension DirectoryError.Code {
    // MARK: Meta-format (dir-spec 1.2)

    /// The document does not end with a newline, so its last line may be cut short.
    public static let lineUnterminated: Self = "dir.line.unterminated"
    /// A line holds a control character (NUL, CR, ...) or bytes that are not UTF-8.
    public static let lineInvalidCharacter: Self = "dir.line.invalid-character"
    /// A line does not start with a valid keyword ([A-Za-z0-9-], not starting with "-").
    public static let keywordInvalid: Self = "dir.keyword.invalid"
    /// An object ("-----BEGIN ...") appears where no item can own it.
    public static let objectUnexpected: Self = "dir.object.unexpected"
    /// A "-----BEGIN X-----" line is malformed.
    public static let objectBeginMalformed: Self = "dir.object.begin-malformed"
    /// An object has no "-----END X-----" line before the document ends.
    public static let objectUnterminated: Self = "dir.object.unterminated"
    /// An object's END line does not name the same label as its BEGIN line.
    public static let objectEndMismatch: Self = "dir.object.end-mismatch"
    /// An object's body is not valid base64.
    public static let objectBase64: Self = "dir.object.base64"
    /// An object is larger than ``DirectoryDocumentReader/maximumObjectSize``.
    public static let objectTooLarge: Self = "dir.object.too-large"

    // MARK: Keyword rules (dir-spec 1.2 multiplicities)

    /// A required item is missing.
    public static let itemMissing: Self = "dir.item.missing"
    /// An item allowed at most once appears again.
    public static let itemRepeated: Self = "dir.item.repeated"
    /// An item is not where it must be: not first, not last, or in the wrong section.
    public static let itemPosition: Self = "dir.item.position"
    /// An item has too few or too many arguments.
    public static let itemArguments: Self = "dir.item.arguments"
    /// An item lacks the object it must carry, carries one it must not, or the wrong kind.
    public static let itemObject: Self = "dir.item.object"
    /// An argument does not have the form the item requires (number, time, hex, base64, ...).
    public static let valueMalformed: Self = "dir.value.malformed"
    /// A parser disagreed with its own rule table (a bug in this module).
    public static let parserInternal: Self = "dir.internal"
}

extension DirectoryError {
    /// A protocol-violation error located at `item`.
    static func document(
        _ code: Code, _ reason: String, at item: DocumentItem,
        file: String = #fileID, line: Int = #line
    ) -> DirectoryError {
        DirectoryError(
            code, kind: .protocolViolation, reason,
            location: DocumentLocation(line: item.lineNumber, keyword: item.keyword),
            file: file, line: line
        )
    }

    /// A protocol-violation error located at a line that belongs to no parsed item.
    static func document(
        _ code: Code, _ reason: String, line documentLine: Int, keyword: String? = nil,
        file: String = #fileID, line: Int = #line
    ) -> DirectoryError {
        DirectoryError(
            code, kind: .protocolViolation, reason,
            location: DocumentLocation(line: documentLine, keyword: keyword),
            file: file, line: line
        )
    }
}

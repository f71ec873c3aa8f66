/// One item of a directory document: a keyword line and the object that may follow it
/// (dir-spec 1.2: `Item ::= KeywordLine Object?`).
///
/// Items remember where they came from, so that signed ranges are cut from the exact bytes that
/// were received and errors name the line at fault.
public struct DocumentItem: Sendable, Equatable {
    /// The keyword that starts the line, such as `fingerprint` (case-sensitive).
    public let keyword: String
    /// The whitespace-separated arguments after the keyword (none is an empty array).
    public let arguments: [String]
    /// The object that follows the keyword line, if any.
    public let object: DocumentObject?
    /// 1-based number of the keyword line in the whole text.
    public let lineNumber: Int
    /// Byte offsets of the whole item in the whole text: from the first byte of the keyword
    /// through the newline that ends the object (or the keyword line when there is no object).
    public let byteRange: Range<Int>
    /// Offset just past the newline that ends the keyword line (dir-spec 1.3 signatures cover
    /// the document "through the newline after the Signature Item's keyword and its arguments").
    public let keywordLineEnd: Int

    /// An item as the reader builds it; tests and document builders may make their own.
    public init(
        keyword: String, arguments: [String], object: DocumentObject?,
        lineNumber: Int, byteRange: Range<Int>, keywordLineEnd: Int
    ) {
        self.keyword = keyword
        self.arguments = arguments
        self.object = object
        self.lineNumber = lineNumber
        self.byteRange = byteRange
        self.keywordLineEnd = keywordLineEnd
    }
}

/// The PEM-style object of an item (dir-spec 1.2 `Object`): a label and the decoded bytes.
public struct DocumentObject: Sendable, Equatable {
    /// The label between "-----BEGIN " and "-----", such as `RSA PUBLIC KEY` or `SIGNATURE`.
    public let label: String
    /// The base64 body, decoded.
    public let bytes: [UInt8]
    /// 1-based number of the BEGIN line.
    public let lineNumber: Int

    /// An object with `label` and decoded `bytes` that began at `lineNumber`.
    public init(label: String, bytes: [UInt8], lineNumber: Int) {
        self.label = label
        self.bytes = bytes
        self.lineNumber = lineNumber
    }
}

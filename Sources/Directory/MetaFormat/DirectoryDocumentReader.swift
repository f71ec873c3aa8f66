/// Splits directory-document text into items (dir-spec 1.2, "Document meta-format").
///
/// A pure tokenizer over a complete document: it checks the meta-format only (keywords, line
/// endings, objects, base64), never what items mean; each document type applies its
/// ``DocumentRules`` to the items afterwards. Blank lines between items are skipped, as the
/// grammar (`Document ::= (Item | NL)+`) allows.
///
/// Invariant: every item's ``DocumentItem/byteRange`` indexes ``bytes`` and items come out in
/// text order without overlapping.
public struct DirectoryDocumentReader: Sendable {
    /// Largest decoded object accepted (C tor uses 128 KiB for unparsed objects; dir-spec 1.2
    /// sets no bound, and the largest real objects, RSA-3072 signatures and keys, are < 500 B).
    public static let maximumObjectSize = 128 * 1024

    /// The whole document text as received.
    public let bytes: [UInt8]
    /// Offset of the next unread byte.
    private var offset: Int
    /// 1-based number of the line that starts at ``offset``.
    private var lineNumber: Int

    /// A reader positioned at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.lineNumber = 1
    }

    /// Every item of `bytes`, in order; throws at the first meta-format error.
    public static func items(in bytes: [UInt8]) throws(DirectoryError) -> [DocumentItem] {
        var reader = DirectoryDocumentReader(bytes)
        var items: [DocumentItem] = []
        while let item = try reader.nextItem() { items.append(item) }
        return items
    }

    /// The next item, or nil at the end of the document.
    ///
    /// On a throw the reader stays where it was, so a caller may report the position.
    public mutating func nextItem() throws(DirectoryError) -> DocumentItem? {
        var cursor = Cursor(offset: offset, lineNumber: lineNumber)
        while cursor.offset < bytes.count, bytes[cursor.offset] == Self.newline {
            cursor.offset += 1
            cursor.lineNumber += 1
        }
        guard cursor.offset < bytes.count else {
            (offset, lineNumber) = (cursor.offset, cursor.lineNumber)
            return nil
        }
        let itemStart = cursor.offset
        let itemLine = cursor.lineNumber
        let line = try readLine(&cursor)
        if bytes[line].starts(with: Self.dashes) {
            throw .document(
                .objectUnexpected,
                "An object (\"-----BEGIN ...\") must follow a keyword line; the document is malformed",
                line: itemLine
            )
        }
        let (keyword, arguments) = try Self.splitKeywordLine(bytes[line], lineNumber: itemLine)
        let keywordLineEnd = cursor.offset
        var object: DocumentObject? = nil
        if cursor.offset < bytes.count, bytes[cursor.offset...].starts(with: Self.beginPrefix) {
            object = try readObject(&cursor, keyword: keyword)
        }
        (offset, lineNumber) = (cursor.offset, cursor.lineNumber)
        return DocumentItem(
            keyword: keyword, arguments: arguments, object: object, lineNumber: itemLine,
            byteRange: itemStart..<cursor.offset, keywordLineEnd: keywordLineEnd
        )
    }

    // MARK: - Lines

    /// Where reading has got to inside one call, so a throw leaves the reader untouched.
    private struct Cursor {
        var offset: Int
        var lineNumber: Int
    }

    private static let newline = UInt8(ascii: "\n")
    private static let dashes = Array("-----".utf8)
    private static let beginPrefix = Array("-----BEGIN ".utf8)
    private static let endPrefix = Array("-----END ".utf8)

    /// The byte range of the line at the cursor without its newline; moves past the newline.
    private func readLine(_ cursor: inout Cursor) throws(DirectoryError) -> Range<Int> {
        let start = cursor.offset
        guard let end = bytes[start...].firstIndex(of: Self.newline) else {
            throw .document(
                .lineUnterminated,
                "The document ends in the middle of a line; it was probably cut short, fetch it again",
                line: cursor.lineNumber
            )
        }
        for byte in bytes[start..<end] where byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
            throw .document(
                .lineInvalidCharacter,
                "Line holds the control character 0x\(String(byte, radix: 16)); directory documents are text",
                line: cursor.lineNumber
            )
        }
        cursor.offset = end + 1
        cursor.lineNumber += 1
        return start..<end
    }

    /// Splits a keyword line into its keyword and whitespace-separated arguments.
    static func splitKeywordLine(
        _ line: ArraySlice<UInt8>, lineNumber: Int
    ) throws(DirectoryError) -> (String, [String]) {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let keywordEnd = line.firstIndex(where: isSpace) ?? line.endIndex
        let keyword = line[line.startIndex..<keywordEnd]
        guard isKeyword(keyword) else {
            throw .document(
                .keywordInvalid,
                "Line does not start with a keyword (letters, digits and \"-\", not starting with \"-\")",
                line: lineNumber
            )
        }
        var arguments: [String] = []
        for piece in line[keywordEnd...].split(whereSeparator: isSpace) {
            guard let argument = String(validating: piece, as: UTF8.self) else {
                throw .document(
                    .lineInvalidCharacter, "Line holds bytes that are not UTF-8",
                    line: lineNumber, keyword: String(decoding: keyword, as: UTF8.self)
                )
            }
            arguments.append(argument)
        }
        return (String(decoding: keyword, as: UTF8.self), arguments)
    }

    /// dir-spec 1.2: `Keyword = KeywordStart KeywordChar*`, start alphanumeric, then also "-".
    static func isKeyword(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    // MARK: - Objects

    /// Reads "-----BEGIN X-----", base64 lines and "-----END X-----" at the cursor.
    private func readObject(_ cursor: inout Cursor, keyword: String) throws(DirectoryError) -> DocumentObject {
        let beginLine = cursor.lineNumber
        let begin = bytes[try readLine(&cursor)]
        guard let label = Self.label(of: begin, prefix: Self.beginPrefix) else {
            throw .document(
                .objectBeginMalformed,
                "Object BEGIN line is not \"-----BEGIN LABEL-----\"",
                line: beginLine, keyword: keyword
            )
        }
        var body: [UInt8] = []
        while true {
            guard cursor.offset < bytes.count else {
                throw .document(
                    .objectUnterminated,
                    "Object \"\(label)\" has no \"-----END \(label)-----\" line; the document was cut short",
                    line: beginLine, keyword: keyword
                )
            }
            let lineStart = cursor.lineNumber
            let line = bytes[try readLine(&cursor)]
            if line.starts(with: Self.dashes) {
                guard line.starts(with: Self.endPrefix),
                      Self.label(of: line, prefix: Self.endPrefix) == label
                else {
                    throw .document(
                        .objectEndMismatch,
                        "Object \"\(label)\" must end with \"-----END \(label)-----\"",
                        line: lineStart, keyword: keyword
                    )
                }
                break
            }
            body.append(contentsOf: line)
            // Base64 carries 3 bytes per 4 characters.
            guard body.count / 4 * 3 <= Self.maximumObjectSize else {
                throw .document(
                    .objectTooLarge,
                    "Object \"\(label)\" is larger than \(Self.maximumObjectSize) bytes",
                    line: beginLine, keyword: keyword
                )
            }
        }
        guard let decoded = DirectoryBase64.decode(bytes: body) else {
            throw .document(
                .objectBase64, "Object \"\(label)\" is not valid base64",
                line: beginLine, keyword: keyword
            )
        }
        return DocumentObject(label: label, bytes: decoded, lineNumber: beginLine)
    }

    /// The label of a BEGIN/END line: keywords separated by single spaces, then "-----".
    static func label(of line: ArraySlice<UInt8>, prefix: [UInt8]) -> String? {
        guard line.starts(with: prefix), line.count >= prefix.count + dashes.count + 1,
              line.suffix(dashes.count).elementsEqual(dashes)
        else { return nil }
        let label = line.dropFirst(prefix.count).dropLast(dashes.count)
        let words = label.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard words.allSatisfy({ isKeyword($0) }) else { return nil }
        return String(decoding: label, as: UTF8.self)
    }
}

/// The keyword rule table of one document type or one section of it, and its check.
///
/// Unknown keywords are ignored, as dir-spec 1.2 requires of clients, except those listed as
/// ``foreignKeywords``: keywords that belong to another section of the same document, whose
/// appearance here means the sections are out of order.
public struct DocumentRules: Sendable {
    /// What is checked, for error messages ("authority key certificate").
    public let documentName: String
    /// The rules, by keyword.
    public let rules: [String: KeywordRule]
    /// Keywords of other sections of the same document, refused in this one.
    public let foreignKeywords: Set<String>

    /// A rule table for `documentName`.
    public init(_ documentName: String, _ rules: [KeywordRule], foreignKeywords: Set<String> = []) {
        self.documentName = documentName
        self.rules = Dictionary(rules.map { ($0.keyword, $0) }, uniquingKeysWith: { first, _ in first })
        self.foreignKeywords = foreignKeywords
    }

    /// The keywords this table knows.
    public var keywords: Set<String> { Set(rules.keys) }

    /// Checks `items` against the table and returns them grouped by keyword.
    ///
    /// `startLine` is reported for a required item missing from an empty section.
    public func check(
        _ items: ArraySlice<DocumentItem>, startLine: Int = 1
    ) throws(DirectoryError) -> DocumentSection {
        var byKeyword: [String: [DocumentItem]] = [:]
        for (index, item) in zip(items.indices, items) {
            if foreignKeywords.contains(item.keyword) {
                throw .document(
                    .itemPosition, "\"\(item.keyword)\" does not belong in this part of the \(documentName)",
                    at: item
                )
            }
            guard let rule = rules[item.keyword] else { continue }
            if !rule.allowsRepeats, byKeyword[item.keyword] != nil {
                throw .document(
                    .itemRepeated, "\"\(item.keyword)\" may appear only once in the \(documentName)", at: item
                )
            }
            if rule.position == .atStart, index != items.startIndex {
                throw .document(
                    .itemPosition, "\"\(item.keyword)\" must be the first item of the \(documentName)", at: item
                )
            }
            if rule.position == .atEnd, index != items.index(before: items.endIndex) {
                throw .document(
                    .itemPosition, "\"\(item.keyword)\" must be the last item of the \(documentName)", at: item
                )
            }
            try rule.checkShape(of: item)
            byKeyword[item.keyword, default: []].append(item)
        }
        for rule in rules.values.sorted(by: { $0.keyword < $1.keyword })
        where rule.isRequired && byKeyword[rule.keyword] == nil {
            throw .document(
                .itemMissing, "The \(documentName) lacks its required \"\(rule.keyword)\" item",
                line: items.first?.lineNumber ?? startLine, keyword: rule.keyword
            )
        }
        return DocumentSection(items: Array(items), byKeyword: byKeyword)
    }
}

/// Items that passed a ``DocumentRules`` check, looked up by keyword.
public struct DocumentSection: Sendable {
    /// All items of the section in text order, unknown keywords included.
    public let items: [DocumentItem]
    /// The items with known keywords, in text order per keyword.
    let byKeyword: [String: [DocumentItem]]

    /// The one item with `keyword`, or nil when it is absent.
    public func first(_ keyword: String) -> DocumentItem? { byKeyword[keyword]?.first }

    /// Every item with `keyword`, in text order.
    public func all(_ keyword: String) -> [DocumentItem] { byKeyword[keyword] ?? [] }

    /// The item with `keyword` that the rule table made required.
    ///
    /// Throws an internal failure if the table did not in fact require it (a bug).
    public func required(_ keyword: String) throws(DirectoryError) -> DocumentItem {
        guard let item = byKeyword[keyword]?.first else {
            throw DirectoryError(
                .parserInternal, kind: .internalFailure,
                "Parser bug: \"\(keyword)\" was read as required but the rule table does not require it"
            )
        }
        return item
    }
}

/// What one document type allows of one keyword (dir-spec 1.2 multiplicity tags such as
/// "[At start, exactly once]", argument counts and "[No extra arguments]", and objects).
public struct KeywordRule: Sendable {
    /// How many times the keyword may occur in its document or section.
    public enum Occurrence: Sendable, Equatable {
        /// "Exactly once".
        case exactlyOnce
        /// "At most once".
        case atMostOnce
        /// "Once or more".
        case onceOrMore
        /// "Any number".
        case anyNumber
    }

    /// Where the keyword must stand.
    public enum Position: Sendable, Equatable {
        /// Anywhere in the section.
        case anywhere
        /// First item of the section ("At start").
        case atStart
        /// Last item of the section ("At end").
        case atEnd
    }

    /// Whether the item carries an object, and with which labels.
    public enum ObjectRule: Sendable, Equatable {
        /// The item must not carry an object.
        case forbidden
        /// The item must carry an object whose label is one of these.
        case required(labels: [String])
        /// The item may carry an object with any label.
        case optional
    }

    /// The keyword the rule is about.
    public let keyword: String
    /// How often it may occur.
    public let occurrence: Occurrence
    /// Where it must stand.
    public let position: Position
    /// Fewest arguments it needs.
    public let minimumArguments: Int
    /// Most arguments it allows; nil when extra arguments are allowed (the dir-spec 1.2 default).
    public let maximumArguments: Int?
    /// Its object requirement.
    public let object: ObjectRule

    /// A rule; by default the keyword may stand anywhere, takes any arguments and no object.
    public init(
        _ keyword: String, _ occurrence: Occurrence, position: Position = .anywhere,
        minimumArguments: Int = 0, maximumArguments: Int? = nil, object: ObjectRule = .forbidden
    ) {
        self.keyword = keyword
        self.occurrence = occurrence
        self.position = position
        self.minimumArguments = minimumArguments
        self.maximumArguments = maximumArguments
        self.object = object
    }

    /// True when the rule lets the keyword occur more than once.
    var allowsRepeats: Bool { occurrence == .onceOrMore || occurrence == .anyNumber }

    /// True when the keyword must occur at least once.
    var isRequired: Bool { occurrence == .exactlyOnce || occurrence == .onceOrMore }

    /// Checks one item's arguments and object against the rule.
    func checkShape(of item: DocumentItem) throws(DirectoryError) {
        if item.arguments.count < minimumArguments {
            throw .document(
                .itemArguments,
                "\"\(keyword)\" needs at least \(minimumArguments) argument(s), found \(item.arguments.count)",
                at: item
            )
        }
        if let maximumArguments, item.arguments.count > maximumArguments {
            throw .document(
                .itemArguments,
                "\"\(keyword)\" allows at most \(maximumArguments) argument(s), found \(item.arguments.count)",
                at: item
            )
        }
        switch object {
        case .forbidden where item.object != nil:
            throw .document(.itemObject, "\"\(keyword)\" must not carry an object", at: item)
        case .required(let labels):
            guard let found = item.object else {
                throw .document(.itemObject, "\"\(keyword)\" must carry a \(labels[0]) object", at: item)
            }
            guard labels.contains(found.label) else {
                throw .document(
                    .itemObject,
                    "\"\(keyword)\" carries a \(found.label) object where a \(labels[0]) object belongs",
                    at: item
                )
            }
        default:
            break
        }
    }
}

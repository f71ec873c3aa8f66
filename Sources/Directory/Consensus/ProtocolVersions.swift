/// A "proto"-style list of supported subprotocol versions (dir-spec 2.1.1 "proto"; the "pr"
/// lines of consensuses and microdescriptors, and the consensus's required/recommended lists),
/// such as `Link=4-5 Relay=2-4 FlowCtrl=1-2`.
///
/// Keeps entries in the order written, so that ``description`` reproduces the line's arguments.
public struct ProtocolVersions: Hashable, Sendable, CustomStringConvertible {
    /// Highest version number dir-spec 2.1.1 allows ("Ints must be no larger than 63").
    public static let maximumVersion: UInt8 = 63

    /// One subprotocol and the versions supported.
    public struct Entry: Hashable, Sendable {
        /// The subprotocol name, such as "Link".
        public let name: String
        /// Version ranges, as written (ascending by the spec).
        public let ranges: [ClosedRange<UInt8>]

        /// An entry for `name` supporting `ranges`.
        public init(name: String, ranges: [ClosedRange<UInt8>]) {
            self.name = name
            self.ranges = ranges
        }
    }

    /// The entries, in the order written.
    public let entries: [Entry]

    /// A list of `entries`.
    public init(entries: [Entry]) { self.entries = entries }

    /// Parses the arguments of a "pr"-style line; nil when one is malformed or a name repeats.
    public init?(arguments: [String]) {
        var entries: [Entry] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { return nil }
            let name = String(argument[..<equals])
            guard DirectoryDocumentReader.isKeyword(ArraySlice(name.utf8)),
                  !entries.contains(where: { $0.name == name })
            else { return nil }
            var ranges: [ClosedRange<UInt8>] = []
            let values = argument[argument.index(after: equals)...]
            if !values.isEmpty {
                for value in values.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let range = Self.range(value) else { return nil }
                    ranges.append(range)
                }
            }
            entries.append(Entry(name: name, ranges: ranges))
        }
        self.entries = entries
    }

    /// "N" or "N-M" with 0 <= N <= M <= 63.
    private static func range(_ text: Substring) -> ClosedRange<UInt8>? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2,
              let low = DocumentNumbers.parse(bounds[0], as: UInt8.self),
              let high = bounds.count == 2 ? DocumentNumbers.parse(bounds[1], as: UInt8.self) : low,
              low <= high, high <= maximumVersion
        else { return nil }
        return low...high
    }

    /// True when `version` of subprotocol `name` is listed.
    public func supports(_ name: String, version: UInt8) -> Bool {
        entries.first { $0.name == name }?.ranges.contains { $0.contains(version) } ?? false
    }

    /// The versions listed for `name`, or nil when it is absent.
    public func ranges(of name: String) -> [ClosedRange<UInt8>]? {
        entries.first { $0.name == name }?.ranges
    }

    /// The line's arguments, such as "Link=4-5 Relay=2-4".
    public var description: String {
        entries.map { entry in
            entry.name + "=" + entry.ranges.map { range in
                range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
            }.joined(separator: ",")
        }.joined(separator: " ")
    }
}

/// An exit-policy summary: the "p" / "p6" line of a microdescriptor (dir-spec 3.3, 3.8.2),
/// such as `accept 80,443,1000-2000`. It says which ports a relay exits to for "most addresses".
public struct PortPolicySummary: Hashable, Sendable, CustomStringConvertible {
    /// Whether the listed ports are the accepted or the rejected ones.
    public enum Action: String, Hashable, Sendable {
        /// The listed ports are accepted; all others rejected.
        case accept
        /// The listed ports are rejected; all others accepted.
        case reject
    }

    /// Longest summary dir-spec 3.8.2 allows, "accept "/"reject " included.
    public static let maximumLength = 1000

    /// What the listed ports get.
    public let action: Action
    /// The listed port ranges, as written (ascending by the spec).
    public let ranges: [ClosedRange<UInt16>]

    /// What a missing line means: no exit at all (dir-spec 3.3: "a missing p6 line is
    /// equivalent to p6 reject 1-65535"; a relay that exits nowhere gets no "p" line).
    public static let rejectAll = PortPolicySummary(action: .reject, ranges: [1...65535])

    /// A summary with `action` for `ranges`.
    public init(action: Action, ranges: [ClosedRange<UInt16>]) {
        self.action = action
        self.ranges = ranges
    }

    /// Parses the two arguments of a "p" line: an action and a comma-separated port list.
    public init?(action actionText: String, portList: String) {
        guard let action = Action(rawValue: actionText),
              actionText.utf8.count + 1 + portList.utf8.count <= Self.maximumLength
        else { return nil }
        var ranges: [ClosedRange<UInt16>] = []
        for item in portList.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2,
                  let low = DocumentNumbers.parse(bounds[0], as: UInt16.self),
                  let high = bounds.count == 2 ? DocumentNumbers.parse(bounds[1], as: UInt16.self) : low,
                  low >= 1, low <= high
            else { return nil }
            ranges.append(low...high)
        }
        self.action = action
        self.ranges = ranges
    }

    /// True when the relay says it exits to `port` on most addresses.
    public func allows(port: UInt16) -> Bool {
        let listed = ranges.contains { $0.contains(port) }
        return action == .accept ? listed : !listed
    }

    /// The line's arguments, such as "accept 80,443,1000-2000".
    public var description: String {
        action.rawValue + " " + ranges.map { range in
            range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
        }.joined(separator: ",")
    }
}

/// The NODE SELECTION OPTIONS of tor(1) this client applies to the circuits it builds:
/// `EntryNodes`, `MiddleNodes`, `ExitNodes`, `ExcludeNodes`, `ExcludeExitNodes` and
/// `StrictNodes`. An empty list means the option is unset.
///
/// A running client applies them at once (torrc edit, SIGHUP or SETCONF); the circuits that
/// exist then take no new streams, as C tor retires its circuits when these change.
///
/// `ExcludeNodes` always wins over the other lists (tor(1)). This client has no circuits for
/// which C tor would override an exclusion (onion services, relay self-tests), so exclusions are
/// always kept, whatever `StrictNodes` says; the one exception is the directory authorities,
/// which are contacted directly during bootstrap whatever the lists say.
public struct NodeSelection: Sendable, Equatable {
    /// `EntryNodes`: the guards of normal circuits must be among these.
    public var entryNodes: [RelaySpecifier] = []
    /// `MiddleNodes`: the middle hops must be among these.
    public var middleNodes: [RelaySpecifier] = []
    /// `ExitNodes`: the exits must be among these.
    public var exitNodes: [RelaySpecifier] = []
    /// `ExcludeNodes`: never any hop of a circuit.
    public var excludeNodes: [RelaySpecifier] = []
    /// `ExcludeExitNodes`: never the exit.
    public var excludeExitNodes: [RelaySpecifier] = []
    /// `StrictNodes`: C tor's switch to keep `ExcludeNodes` even where it would break
    /// functionality; read and shown, and always in effect here (see the type's description).
    public var strictNodes = false

    /// No restriction.
    public init() {}

    /// A list option's field.
    public typealias ListField = WritableKeyPath<NodeSelection, [RelaySpecifier]> & Sendable

    /// The list options, in tor(1)'s order, with the field each one fills.
    public static var listOptions: [(name: String, field: ListField)] {
        [
            ("EntryNodes", \.entryNodes), ("MiddleNodes", \.middleNodes), ("ExitNodes", \.exitNodes),
            ("ExcludeNodes", \.excludeNodes), ("ExcludeExitNodes", \.excludeExitNodes),
        ]
    }
    /// Every option's name: the lists, then StrictNodes.
    public static var optionNames: [String] { listOptions.map(\.name) + ["StrictNodes"] }

    /// True when no list is set, so every relay passes.
    public var isUnrestricted: Bool {
        Self.listOptions.allSatisfy { self[keyPath: $0.field].isEmpty }
    }

    /// Each option's name and torrc value (lists joined with commas, empty when unset), in
    /// ``optionNames`` order.
    public var torrcValues: [(name: String, value: String)] {
        Self.listOptions.map { ($0.name, self[keyPath: $0.field].map(\.description).joined(separator: ",")) }
            + [("StrictNodes", strictNodes ? "1" : "0")]
    }

    /// Reads one torrc line of a node list: items separated by commas, with spaces allowed
    /// around them (tor(1): `node,node,...`). Lines of one option are spliced together by the
    /// caller.
    static func parseList(_ entry: TorrcEntry, warnings: inout [ConfigurationWarning]) throws -> [RelaySpecifier] {
        var items: [RelaySpecifier] = []
        for word in entry.value.split(separator: ",") {
            let text = word.trimmingSpaces
            guard !text.isEmpty else { continue }
            guard let item = RelaySpecifier(text) else {
                throw entry.error(
                    .configBadValue, "not a relay fingerprint, nickname, IPv4 address pattern or {country code}",
                    fix: "write 40 hex digits (with or without $), a nickname, an address such as 10.0.0.0/8, or {cc}",
                    shown: String(text))
            }
            if case .country = item.kind {
                warnings.append(entry.warning(
                    "\(entry.keyword) \(item): country codes need a GeoIP database, which this client does not have; it matches no relay."))
            }
            items.append(item)
        }
        return items
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}

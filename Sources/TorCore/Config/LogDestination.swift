/// One `Log` line: where messages go and which ones (tor(1), Log).
///
/// Forms: `Log SELECTOR... stdout|stderr|syslog`, `Log SELECTOR... file PATH`, where a SELECTOR
/// is `SEVERITY`, `MIN-MAX` or `[domain,~domain,...]SEVERITY`. Without a destination the
/// messages go to stdout (as in C tor). This client also accepts a Log line with no selector
/// (`Log stdout`): its minimum severity is then the torrc's `LogLevel`.
public struct LogDestination: Sendable, Equatable, CustomStringConvertible {
    /// Where the messages are written.
    public enum Target: Sendable, Equatable, CustomStringConvertible {
        /// The standard output stream.
        case standardOutput
        /// The standard error stream.
        case standardError
        /// The system log.
        case syslog
        /// A file (the path has `~` expanded).
        case file(String)

        /// The torrc form.
        public var description: String {
            switch self {
            case .standardOutput: "stdout"
            case .standardError: "stderr"
            case .syslog: "syslog"
            case .file(let path): "file \(path)"
            }
        }
    }

    /// The selectors the line gave; empty means "LogLevel and more severe, every domain".
    public var selectors: [LogSelector]
    /// The destination.
    public var target: Target

    /// Creates a destination.
    public init(selectors: [LogSelector], target: Target) {
        self.selectors = selectors
        self.target = target
    }

    /// The selectors in force when the torrc's `LogLevel` is `logLevel`.
    public func effectiveSelectors(logLevel: LogSeverity) -> [LogSelector] {
        selectors.isEmpty ? [LogSelector(minimum: logLevel)] : selectors
    }

    /// The torrc form of the line's value.
    public var description: String {
        (selectors.map(\.description) + [target.description]).joined(separator: " ")
    }

    /// Reads one Log value.
    static func parse(_ entry: TorrcEntry, homeDirectory: String) throws -> LogDestination {
        let words = entry.words
        var selectors: [LogSelector] = []
        var index = 0
        while index < words.count, let selector = try selector(words[index], entry) {
            selectors.append(selector)
            index += 1
        }
        guard index < words.count else { return LogDestination(selectors: selectors, target: .standardOutput) }
        let targetWord = words[index]
        let remaining = words.count - index - 1
        let target: Target
        switch targetWord.lowercased() {
        case "stdout": target = .standardOutput
        case "stderr": target = .standardError
        case "syslog": target = .syslog
        case "file":
            guard remaining > 0 else {
                throw entry.error(.configBadValue, "\"file\" needs a path", fix: "write Log notice file /path/to/tor.log")
            }
            let path = entry.value[words[index + 1].startIndex...]
            return LogDestination(
                selectors: selectors, target: .file(try TorrcValueParser.path(String(path), entry, homeDirectory: homeDirectory)))
        default:
            throw entry.error(
                .configBadValue, "not a log severity or destination",
                fix: "use a severity (debug, info, notice, warn, err, or MIN-MAX) followed by stdout, stderr, syslog or file PATH",
                shown: String(targetWord))
        }
        guard remaining == 0 else {
            throw entry.error(
                .configBadValue, "text after the destination", fix: "remove it, or put severities before the destination",
                shown: String(words[index + 1]))
        }
        return LogDestination(selectors: selectors, target: target)
    }

    /// Reads `[domains]MIN[-MAX]`; nil when the word is not a selector (so it may be the target).
    private static func selector(_ word: Substring, _ entry: TorrcEntry) throws -> LogSelector? {
        var rest = word
        var domains: [String] = []
        var excluded: [String] = []
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw entry.error(.configBadValue, "the domain list has no closing \"]\"", fix: "write [domain,...]severity", shown: String(word))
            }
            for name in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
                let lowered = name.lowercased()
                let isExcluded = lowered.hasPrefix("~")
                let domain = isExcluded ? String(lowered.dropFirst()) : lowered
                guard domain == "*" || LogSelector.knownDomains.contains(domain) else {
                    throw entry.error(
                        .configBadValue, "unknown log domain \"\(domain)\"",
                        fix: "use one of \(LogSelector.knownDomains.sorted().joined(separator: ", ")), or *", shown: String(word))
                }
                if isExcluded { excluded.append(domain) } else { domains.append(domain) }
            }
            rest = rest[rest.index(after: close)...]
        }
        let bounds = rest.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let minimum = bounds.first.flatMap({ LogSeverity(name: $0) }) else {
            if domains.isEmpty && excluded.isEmpty && !word.hasPrefix("[") { return nil }
            throw entry.error(.configBadValue, "not a log severity", fix: "use debug, info, notice, warn or err", shown: String(word))
        }
        var maximum = LogSeverity.err
        if bounds.count == 2 {
            guard let upper = LogSeverity(name: bounds[1]) else {
                throw entry.error(
                    .configBadValue, "not a severity range", fix: "write MIN-MAX with two of debug, info, notice, warn, err",
                    shown: String(word))
            }
            guard minimum <= upper else {
                throw entry.error(
                    .configBadValue, "the range is reversed", fix: "write the less severe level first, e.g. info-err",
                    shown: String(word))
            }
            maximum = upper
        }
        return LogSelector(domains: domains, excludedDomains: excluded, minimum: minimum, maximum: maximum)
    }
}

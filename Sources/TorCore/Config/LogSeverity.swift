import Logging

/// A C tor log severity, from least to most severe: debug, info, notice, warn, err
/// (tor(1), Log: "Recognized severity levels are debug, info, notice, warn, and err").
public enum LogSeverity: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Everything, including per-cell detail.
    case debug
    /// Verbose progress.
    case info
    /// What a user normally wants to see (C tor's default).
    case notice
    /// Something is wrong but the client goes on.
    case warn
    /// The client cannot go on.
    case err

    /// Reads a severity name, case-insensitively; nil for anything else.
    public init?<Text: StringProtocol>(name: Text) {
        guard let match = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = match
    }

    /// The torrc spelling.
    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warn: "warn"
        case .err: "err"
        }
    }

    /// The swift-log level a log handler uses for this severity.
    public var loggerLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warn: .warning
        case .err: .error
        }
    }

    /// Less severe first: debug < info < notice < warn < err.
    public static func < (lhs: LogSeverity, rhs: LogSeverity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One `[domains]minimum-maximum` group of a Log line: which messages go to the destination.
///
/// Invariant: `minimum <= maximum`; `domains` and `excludedDomains` are lowercased names from
/// ``LogSelector/knownDomains``; both empty (or `*`) means every domain.
public struct LogSelector: Sendable, Equatable, CustomStringConvertible {
    /// C tor's logging domains (tor(1), Log), all accepted; `*` means every domain.
    public static let knownDomains: Set<String> = [
        "general", "crypto", "net", "config", "fs", "protocol", "mm", "http", "app", "control", "circ",
        "rend", "bug", "dir", "dirserv", "or", "edge", "acct", "hist", "handshake", "heartbeat", "channel",
        "sched", "guard", "consdiff", "dos", "process", "pt", "btrack", "mesg",
    ]

    /// The domains selected (empty: all).
    public var domains: [String]
    /// The domains excluded with `~`.
    public var excludedDomains: [String]
    /// The least severe message sent.
    public var minimum: LogSeverity
    /// The most severe message sent (`err` unless a range was given).
    public var maximum: LogSeverity

    /// Creates a selector; `minimum` must not be above `maximum`.
    public init(domains: [String] = [], excludedDomains: [String] = [], minimum: LogSeverity, maximum: LogSeverity = .err) {
        self.domains = domains
        self.excludedDomains = excludedDomains
        self.minimum = minimum
        self.maximum = maximum
    }

    /// True when the selector names domains rather than every domain.
    public var selectsDomains: Bool { !(domains.isEmpty || domains == ["*"]) || !excludedDomains.isEmpty }

    /// The torrc form: `[handshake,~net]info-err`, `notice`.
    public var description: String {
        let names = domains + excludedDomains.map { "~" + $0 }
        let prefix = names.isEmpty ? "" : "[\(names.joined(separator: ","))]"
        let range = maximum == .err ? "\(minimum)" : "\(minimum)-\(maximum)"
        return prefix + range
    }
}

import Logging

/// C tor's log severities, in increasing order (tor(1), "Log minSeverity[-maxSeverity] ...").
public struct TorLogSeverity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rank: Int
    public let name: String

    public static let debug = TorLogSeverity(rank: 0, name: "debug")
    public static let info = TorLogSeverity(rank: 1, name: "info")
    public static let notice = TorLogSeverity(rank: 2, name: "notice")
    public static let warn = TorLogSeverity(rank: 3, name: "warn")
    public static let err = TorLogSeverity(rank: 4, name: "err")

    /// All severities, least severe first.
    public static let all: [TorLogSeverity] = [.debug, .info, .notice, .warn, .err]

    /// Parses a severity name as the torrc writes it (`warn` also accepts `warning`, `err` `error`).
    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warn", "warning": self = .warn
        case "err", "error": self = .err
        default: return nil
        }
    }

    private init(rank: Int, name: String) {
        self.rank = rank
        self.name = name
    }

    /// The severity a swift-log level is written with: swift-log has seven levels, tor five.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warn
        case .error, .critical: self = .err
        }
    }

    /// The lowest swift-log level that is written at this severity.
    public var loggerLevel: Logger.Level {
        switch rank {
        case 0: return .trace
        case 1: return .info
        case 2: return .notice
        case 3: return .warning
        default: return .error
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    public var description: String { name }
}

/// Formats one log line the way C tor does: `Nov 23 01:47:39.123 [notice] message`.
///
/// Pure: the caller supplies the broken-down local time, so the format is testable byte for byte.
public enum TorLogLine {
    private static let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Broken-down time as C tor prints it (local time, millisecond precision).
    public struct Timestamp: Sendable, Equatable {
        public var month: Int  // 1...12
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var millisecond: Int

        public init(month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.millisecond = millisecond
        }
    }

    /// The full line, ending in a newline.
    public static func format(_ time: Timestamp, severity: TorLogSeverity, message: String) -> String {
        let month = months[max(0, min(11, time.month - 1))]
        return "\(month) \(pad(time.day)) \(pad(time.hour)):\(pad(time.minute)):\(pad(time.second))"
            + ".\(pad(time.millisecond, width: 3)) [\(severity.name)] \(message)\n"
    }

    private static func pad(_ value: Int, width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

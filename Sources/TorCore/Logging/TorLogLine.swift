import Logging

extension LogSeverity {
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
    public static func format(_ time: Timestamp, severity: LogSeverity, message: String) -> String {
        let month = months[max(0, min(11, time.month - 1))]
        return "\(month) \(pad(time.day)) \(pad(time.hour)):\(pad(time.minute)):\(pad(time.second))"
            + ".\(pad(time.millisecond, width: 3)) [\(severity)] \(message)\n"
    }

    private static func pad(_ value: Int, width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

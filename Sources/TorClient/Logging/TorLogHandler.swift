import Glibc
import Logging
import TorCore

/// swift-log handler writing C tor's log format through a ``TorLogRouter``.
///
/// Its level is read from the router each time, so a reloaded `LogLevel` reaches every logger
/// at once, including those created before the reload.
public struct TorLogHandler: LogHandler {
    /// Metadata is accepted but not printed: C tor's format has no place for it.
    public var metadata: Logger.Metadata = [:]
    /// The router's lowest severity; setting it has no effect (the torrc decides).
    public var logLevel: Logger.Level {
        get { router.lowestSeverity.loggerLevel }
        set {}
    }
    /// The logger's label (its subsystem).
    public let label: String
    /// Where lines go.
    public let router: TorLogRouter

    /// A handler for `label` writing through `router`.
    public init(label: String, router: TorLogRouter) {
        self.label = label
        self.router = router
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and routes one event.
    public func log(event: LogEvent) {
        router.write(severity: LogSeverity(event.level), message: event.message.description)
    }
}

extension TorLogRouter {
    /// Formats `message` as C tor does and writes it to every sink that accepts `severity`.
    public func write(severity: LogSeverity, message: String) {
        guard severity >= lowestSeverity else { return }
        let targets = sinks(accepting: severity)
        guard !targets.isEmpty else { return }
        let line = TorLogLine.format(Self.now(), severity: severity, message: message)
        for target in targets { target.write(line) }
    }

    /// The local wall-clock time, broken down as C tor prints it.
    static func now() -> TorLogLine.Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        return TorLogLine.Timestamp(
            month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour),
            minute: Int(parts.tm_min), second: Int(parts.tm_sec), millisecond: Int(spec.tv_nsec / 1_000_000))
    }
}

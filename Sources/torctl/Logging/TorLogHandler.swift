import Foundation
import Logging
import NIOConcurrencyHelpers
import TorCore

/// A place log lines go: a file descriptor we write each line to at once (never held back).
final class LogDestination: @unchecked Sendable {
    let minimum: LogSeverity
    let maximum: LogSeverity
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let lock = NIOLock()

    init(descriptor: Int32, ownsDescriptor: Bool, minimum: LogSeverity, maximum: LogSeverity = .err) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Opens (creating or appending to) a log file, as `Log notice file PATH` asks.
    static func file(path: String, minimum: LogSeverity, maximum: LogSeverity = .err) throws -> LogDestination {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TorCoreError(
                "log.open", kind: .badInput,
                "cannot open log file \(path): \(String(cString: strerror(errno))); check the Log line and the directory's permissions")
        }
        return LogDestination(descriptor: descriptor, ownsDescriptor: true, minimum: minimum, maximum: maximum)
    }

    func accepts(_ severity: LogSeverity) -> Bool { severity >= minimum && severity <= maximum }

    /// Writes the whole line with write(2): no stdio buffer, so a reader sees it immediately.
    func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { raw in
                    Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
        bytes.removeAll()
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }
}

/// swift-log handler writing C tor's log format to every destination whose range accepts it.
struct TorLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String
    let destinations: [LogDestination]

    init(label: String, destinations: [LogDestination]) {
        self.label = label
        self.destinations = destinations
        let lowest = destinations.map(\.minimum).min() ?? .notice
        self.logLevel = lowest.loggerLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let severity = LogSeverity(event.level)
        let targets = destinations.filter { $0.accepts(severity) }
        guard !targets.isEmpty else { return }
        let line = TorLogLine.format(Self.now(), severity: severity, message: event.message.description)
        for target in targets { target.write(line) }
    }

    private static func now() -> TorLogLine.Timestamp {
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

import Glibc
import NIOConcurrencyHelpers
import TorCore

/// A place log lines go: a file descriptor each line is written to at once with write(2), never
/// held in a stdio buffer, so a reader of the log (a test, `tail -f`) sees a line as it happens.
///
/// Sinks made by ``reusingOutput(severities:)`` share one descriptor and one lock: a reload that
/// only changes a file's severities keeps the file open, so no line is lost or written twice.
public final class TorLogSink: Sendable {
    /// The severities this sink writes, from its `Log` line.
    public let severities: ClosedRange<LogSeverity>
    /// What the sink writes to (stdout, stderr or a file), for messages about it.
    public let target: LogDestination.Target
    private let output: TorLogOutput

    /// A sink over an open descriptor; it is closed once no sink uses it, only when `ownsDescriptor`.
    public convenience init(descriptor: Int32, ownsDescriptor: Bool, target: LogDestination.Target, severities: ClosedRange<LogSeverity>) {
        self.init(output: TorLogOutput(descriptor: descriptor, ownsDescriptor: ownsDescriptor), target: target, severities: severities)
    }

    private init(output: TorLogOutput, target: LogDestination.Target, severities: ClosedRange<LogSeverity>) {
        self.output = output
        self.target = target
        self.severities = severities
    }

    /// A sink writing to the same open descriptor as this one, with other severities.
    public func reusingOutput(severities: ClosedRange<LogSeverity>) -> TorLogSink {
        TorLogSink(output: output, target: target, severities: severities)
    }

    /// Opens the sink a `Log` line's target names: stdout, stderr, or a file opened for
    /// appending (created with mode 0600). Syslog is not supported and says so.
    public static func open(_ target: LogDestination.Target, severities: ClosedRange<LogSeverity>) throws -> TorLogSink {
        switch target {
        case .standardOutput:
            return TorLogSink(descriptor: STDOUT_FILENO, ownsDescriptor: false, target: target, severities: severities)
        case .standardError:
            return TorLogSink(descriptor: STDERR_FILENO, ownsDescriptor: false, target: target, severities: severities)
        case .syslog:
            throw TorCoreError(
                "log.syslog", kind: .badInput,
                "Log ... syslog is not supported by this client; log to stdout, stderr or a file instead")
        case .file(let path):
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw TorCoreError(
                    "log.open", kind: .badInput,
                    "cannot open log file \(path): \(String(cString: strerror(errno))); check the Log line and the directory's permissions")
            }
            return TorLogSink(descriptor: descriptor, ownsDescriptor: true, target: target, severities: severities)
        }
    }

    /// Whether a line of `severity` goes to this sink.
    public func accepts(_ severity: LogSeverity) -> Bool { severities.contains(severity) }

    /// Writes the whole line; a failed write (a closed pipe) drops the line rather than block.
    public func write(_ line: String) {
        output.write(line)
    }
}

/// One open descriptor and the lock that keeps whole lines together, shared by the sinks that
/// write to it; closed when the last of them is gone (when owned).
private final class TorLogOutput: @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Serialises whole lines so two threads never interleave within one.
    private let lock = NIOLock()

    init(descriptor: Int32, ownsDescriptor: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
    }

    func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { raw in
                    Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
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

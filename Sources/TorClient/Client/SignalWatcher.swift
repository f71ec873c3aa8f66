#if canImport(Glibc)
import Glibc
#endif

/// The signals the client acts on: SIGINT and SIGTERM stop it gracefully, SIGHUP reloads the
/// torrc (tor(1) "SIGNALS").
public enum ClientSignal: Sendable, Equatable {
    /// SIGINT (Ctrl-C) or SIGTERM: shut down gracefully.
    case shutdown(name: String)
    /// SIGHUP: read the torrc again.
    case reload
}

/// The write end of the self-pipe the signal handler writes to; set once before any handler
/// is installed, read only by the handler.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Async-signal-safe: one write(2) of the signal number, nothing else.
private func forwardSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}

/// Turns SIGINT, SIGTERM and SIGHUP into ``ClientSignal`` values delivered on an ordinary
/// thread, through a self-pipe written by a minimal handler.
///
/// Why not `sigwait`: a signal is delivered to any thread that does not block it, and threads
/// created before us (the runtime's) may not, so a handler installed for the whole process is
/// the only way every delivery is seen. The signals are also unblocked here, because a parent
/// may have started us with them blocked (the Swift test runner does), and then SIGTERM would
/// wait forever.
public enum SignalWatcher {
    /// The signals watched.
    static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers and calls `handler` for each signal from a dedicated thread, for
    /// the life of the process. Call once.
    public static func start(_ handler: @escaping @Sendable (ClientSignal) -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        signalPipeWriteEnd = ends[1]
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in watched {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { forwardSignal($0) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
            sigaddset(&unblock, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let readEnd = ends[0]
        DetachedThread.start(name: "signals") {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                guard count == 1 else { return }
                switch Int32(byte) {
                case SIGHUP: handler(.reload)
                case SIGINT: handler(.shutdown(name: "SIGINT"))
                default: handler(.shutdown(name: "SIGTERM"))
                }
            }
        }
    }
}

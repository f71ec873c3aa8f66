import Glibc

/// `RunAsDaemon 1` (tor(1)): `torctl run` starts the client again as a background process in a
/// session of its own, with standard input and output on /dev/null, and returns once that
/// process has opened its listeners (exit 0) or has failed to start (exit 1), as C tor's parent
/// waits for its daemon to finish starting.
///
/// The client is started anew (posix_spawn of this executable with the same arguments), not
/// forked: a fork of a process whose threads are already running would copy them half-done.
/// It finds the end of a pipe in ``readyVariable`` and writes one byte there once it is ready.
enum Daemon {
    /// The environment variable holding the pipe descriptor the daemon reports readiness on.
    static let readyVariable = "TORSWIFT_DAEMON_READY_FD"
    /// glibc's POSIX_SPAWN_SETSID (spawn.h, 0x80 since glibc 2.26), which Swift does not see
    /// because the header declares it only under _GNU_SOURCE.
    static let spawnSetSession: Int16 = 0x80
    /// How long `torctl run` waits for the daemon to open its listeners.
    static let startTimeout: Int32 = 60_000

    /// True in the daemon itself (it then reports readiness rather than starting another).
    static var isDaemonProcess: Bool { getenv(readyVariable) != nil }

    /// Starts the daemon and waits for it; returns the exit status for `torctl run`.
    static func launchAndWait() -> Int32 {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return fail("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        // Only standard input and output (on /dev/null) and the pipe's write end go to the
        // daemon. Anything else open here (a socket of whoever started torctl, which it may
        // watch to learn that torctl ended) must not stay open in the daemon.
        closeOnExecExcept(writeEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, spawnSetSession)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        let environment = ["\(readyVariable)=\(writeEnd)"] + environmentLines().filter { !$0.hasPrefix(readyVariable + "=") }
        var pid: pid_t = 0
        let status = withCStrings(CommandLine.arguments) { arguments in
            withCStrings(environment) { environment in
                posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, arguments, environment)
            }
        }
        close(writeEnd)
        defer { close(readEnd) }
        guard status == 0 else { return fail("cannot start the daemon: \(String(cString: strerror(status)))") }
        var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, startTimeout) == 1 else {
            return fail("the daemon (PID \(pid)) did not report that it started within \(startTimeout / 1000) s; see its log")
        }
        var byte: UInt8 = 0
        guard read(readEnd, &byte, 1) == 1 else {
            return fail("the daemon (PID \(pid)) could not start; see its log (Log lines to a file) for why")
        }
        print("[notice] TorSwift is running in the background as PID \(pid).")
        return 0
    }

    /// In the daemon: tells `torctl run` that the listeners are open (`ready`) or that starting
    /// failed, and closes the pipe either way.
    static func report(ready: Bool) {
        guard let text = getenv(readyVariable), let descriptor = Int32(String(cString: text)) else { return }
        if ready {
            var byte: UInt8 = 1
            _ = write(descriptor, &byte, 1)
        }
        close(descriptor)
        unsetenv(readyVariable)
    }

    /// Marks every descriptor above standard error, but `kept`, close-on-exec. This process
    /// exits right after the spawn, so nothing here needs them across it.
    private static func closeOnExecExcept(_ kept: Int32) {
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let descriptor = Int32(name), descriptor > STDERR_FILENO, descriptor != kept, descriptor != own else { continue }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    private static func fail(_ reason: String) -> Int32 {
        StandardError.write("[err] RunAsDaemon: \(reason).\n")
        return 1
    }

    /// This process's environment as `NAME=value` lines.
    private static func environmentLines() -> [String] {
        var lines: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            lines.append(String(cString: pointer))
            entry += 1
        }
        return lines
    }

    /// `body` with `strings` as a NULL-terminated C array.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

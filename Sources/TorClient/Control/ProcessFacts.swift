#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// GETINFO `process/*` (control-spec.txt §3.9): facts about this process from the C library.
enum ProcessFacts {
    /// Unix seconds now.
    static var unixTime: Int64 { Int64(time(nil)) }

    /// `process/pid`.
    static var processID: String { String(getpid()) }

    /// `process/uid`.
    static var userID: String { String(getuid()) }

    /// `process/user`: the name of the real user, or empty when the password database has
    /// none (C tor answers empty then too).
    static var userName: String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return ""
        }
        return String(cString: name)
    }

    /// `process/descriptor-limit`: the soft RLIMIT_NOFILE.
    static var descriptorLimit: String {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return "0" }
        return String(limit.rlim_cur)
    }

    /// Whether process `pid` exists: kill(pid, 0) succeeds, or fails only for lack of
    /// permission (it exists but belongs to another user).
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
